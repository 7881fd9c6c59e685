using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Torch;

/// <summary>
/// Adam (Kingma and Ba, 2015) over a fixed list of parameters, with the learning rate given per step and a
/// state that a checkpoint saves and restores exactly.
/// </summary>
internal sealed class AdamOptimizer : IDisposable
{
    private readonly TorchSharp.Modules.Parameter[] _parameters;
    private readonly Tensor[] _firstMoments;
    private readonly Tensor[] _secondMoments;
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly double _epsilon;
    private long _steps;

    public AdamOptimizer(IEnumerable<TorchSharp.Modules.Parameter> parameters, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-5)
    {
        _parameters = parameters.Where(p => p.requires_grad).ToArray();
        _firstMoments = _parameters.Select(p => zeros_like(p)).ToArray();
        _secondMoments = _parameters.Select(p => zeros_like(p)).ToArray();
        _beta1 = beta1;
        _beta2 = beta2;
        _epsilon = epsilon;
    }

    public IReadOnlyList<TorchSharp.Modules.Parameter> Parameters => _parameters;

    public void ZeroGrad()
    {
        foreach (var p in _parameters)
        {
            if (p.grad is { } grad)
                grad.zero_();
        }
    }

    /// <summary>Clips the global gradient norm to <paramref name="maxNorm"/> and returns the norm before clipping.</summary>
    public double ClipGradientNorm(double maxNorm) => nn.utils.clip_grad_norm_(_parameters, maxNorm);

    public void Step(double learningRate)
    {
        _steps++;
        var correction1 = 1 - Math.Pow(_beta1, _steps);
        var correction2Sqrt = Math.Sqrt(1 - Math.Pow(_beta2, _steps));
        using var noGrad = no_grad();
        for (var i = 0; i < _parameters.Length; i++)
        {
            if (_parameters[i].grad is not { } grad)
                continue;
            _firstMoments[i].lerp_(grad, 1 - _beta1);
            _secondMoments[i].mul_(_beta2).addcmul_(grad, grad, 1 - _beta2);
            using var root = _secondMoments[i].sqrt();
            using var denominator = root.div_(correction2Sqrt).add_(_epsilon);
            _parameters[i].addcdiv_(_firstMoments[i], denominator, -learningRate / correction1);
        }
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(_steps);
        writer.Write(_parameters.Length);
        foreach (var moments in new[] { _firstMoments, _secondMoments })
        {
            foreach (var m in moments)
            {
                var values = m.data<float>().ToArray();
                writer.Write(values.Length);
                foreach (var v in values)
                    writer.Write(v);
            }
        }
    }

    public void Read(BinaryReader reader)
    {
        _steps = reader.ReadInt64();
        var count = reader.ReadInt32();
        if (count != _parameters.Length)
            throw new InvalidDataException($"The checkpoint's optimizer has {count} parameter tensors; this network has {_parameters.Length}.");
        foreach (var moments in new[] { _firstMoments, _secondMoments })
        {
            for (var i = 0; i < moments.Length; i++)
            {
                var length = reader.ReadInt32();
                if (length != moments[i].numel())
                    throw new InvalidDataException($"The checkpoint's optimizer tensor {i} has {length} values; the network's has {moments[i].numel()}.");
                var values = new float[length];
                for (var j = 0; j < length; j++)
                    values[j] = reader.ReadSingle();
                using var source = tensor(values).view(moments[i].shape);
                using var noGrad = no_grad();
                moments[i].copy_(source);
            }
        }
    }

    public void Dispose()
    {
        foreach (var t in _firstMoments.Concat(_secondMoments))
            t.Dispose();
    }
}
