using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Synaptic.ML.Torch;

/// <summary>
/// Adam (Kingma and Ba, 2015) as the trainers use it — <c>torch.optim.Adam</c>'s update, operation for operation,
/// so its results are TorchSharp's bit for bit — with the learning rate given per step (schedules), gradients
/// clipped by their global norm, and the state (step count and both moments) written to and read from a
/// checkpoint stream so a resumed run continues bit for bit.
/// </summary>
/// <remarks>
/// <para>
/// Until 2026-12 this class delegated to TorchSharp 0.107's <c>torch.optim.Adam</c>. Its step passes numbers to
/// libtorch as <c>Scalar</c> objects made on the fly from doubles (<c>add_(eps)</c>, <c>alpha: 1 − β₁</c>, …); nothing
/// keeps such a temporary alive during the native call, so a garbage collection at that moment can finalize it and
/// free the native scalar while libtorch reads it. Long runs died of it: A2C on MinAtar Breakout stopped twice
/// inside <c>Adam.step</c>, after about 50,000 and 170,000 updates, with libtorch's "Unknown scalar type" and a
/// failed float conversion of a scalar no code had passed. Here every scalar lives in a variable disposed only
/// after the call.
/// </para>
/// <para>
/// With <see cref="FlatParameters"/> the update runs over one flat tensor: a handful of calls rather than a handful
/// per parameter tensor.
/// </para>
/// </remarks>
internal sealed class AdamOptimizer : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _firstMoments;
    private readonly Tensor[] _secondMoments;
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly double _epsilon;
    private readonly FlatParameters? _flat;
    private long _step;

    public AdamOptimizer(IEnumerable<Parameter> parameters, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-5)
        : this(parameters.Where(p => p.requires_grad).ToArray(), null, beta1, beta2, epsilon)
    {
    }

    /// <summary>Adam over parameters re-homed into one flat tensor (<see cref="FlatParameters"/>): the same update element by element.</summary>
    public AdamOptimizer(FlatParameters flat, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-5)
        : this([flat.Values], flat, beta1, beta2, epsilon)
    {
    }

    private AdamOptimizer(Parameter[] parameters, FlatParameters? flat, double beta1, double beta2, double epsilon)
    {
        _parameters = parameters;
        _flat = flat;
        _beta1 = beta1;
        _beta2 = beta2;
        _epsilon = epsilon;
        using (no_grad())
        {
            _firstMoments = [.. parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
            _secondMoments = [.. parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
        }
    }

    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Zeroes every gradient in place (a zeroed gradient and a fresh one accumulate the same sums).</summary>
    public void ZeroGrad()
    {
        if (_flat is not null)
        {
            _flat.ZeroGradients();
            return;
        }
        foreach (var parameter in _parameters)
        {
            using var gradient = parameter.grad;
            gradient?.zero_();
        }
    }

    /// <summary>Clips the global gradient norm to <paramref name="maxNorm"/> and returns the norm before clipping.</summary>
    public double ClipGradientNorm(double maxNorm) => _flat?.ClipGradientNorm(maxNorm) ?? nn.utils.clip_grad_norm_(_parameters, maxNorm);

    /// <summary>
    /// One Adam step with <paramref name="learningRate"/>: m ← β₁·m + (1 − β₁)·g, v ← β₂·v + (1 − β₂)·g²,
    /// p ← p − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε), in torch.optim.Adam's order of operations.
    /// </summary>
    public void Step(double learningRate)
    {
        _step++;
        var biasCorrection1 = 1 - Math.Pow(_beta1, _step);
        var biasCorrection2 = 1 - Math.Pow(_beta2, _step);
        using var beta1 = _beta1.ToScalar();
        using var beta2 = _beta2.ToScalar();
        using var oneMinusBeta1 = (1 - _beta1).ToScalar();
        using var oneMinusBeta2 = (1 - _beta2).ToScalar();
        using var correction2 = Math.Sqrt(biasCorrection2).ToScalar();
        using var epsilon = _epsilon.ToScalar();
        using var stepSize = (-(learningRate / biasCorrection1)).ToScalar();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        for (var i = 0; i < _parameters.Length; i++)
        {
            var parameter = _parameters[i];
            var gradient = parameter.grad;
            if (gradient is null)
                continue;
            _firstMoments[i].mul_(beta1).add_(gradient, alpha: oneMinusBeta1);
            _secondMoments[i].mul_(beta2).addcmul_(gradient, gradient, value: oneMinusBeta2);
            var denominator = _secondMoments[i].sqrt().div_(correction2).add_(epsilon);
            parameter.addcdiv_(_firstMoments[i], denominator, value: stepSize);
        }
    }

    /// <summary>Writes the step count and both moments of every parameter.</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write(_parameters.Length);
        writer.Write(_step);
        for (var i = 0; i < _parameters.Length; i++)
        {
            _firstMoments[i].Save(writer);
            _secondMoments[i].Save(writer);
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The saved state does not belong to these parameters.</exception>
    public void Read(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count != _parameters.Length)
            throw new InvalidDataException($"The checkpoint's optimizer state holds {count} parameter tensors; this optimizer has {_parameters.Length}.");
        var step = reader.ReadInt64();
        if (step < 0)
            throw new InvalidDataException($"The checkpoint's optimizer state says it took {step} steps.");
        try
        {
            for (var i = 0; i < _parameters.Length; i++)
            {
                _firstMoments[i].Load(reader);
                _secondMoments[i].Load(reader);
            }
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The checkpoint's optimizer state does not fit these {_parameters.Length} parameter tensors: {e.Message}", e);
        }
        _step = step;
    }

    public void Dispose()
    {
        foreach (var moment in _firstMoments.Concat(_secondMoments))
            moment.Dispose();
    }
}
