using Synaptic.ML.Plasticity;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// A multi-plasticity layer (Aitken &amp; Mihalas, eLife 2023) as a TorchSharp module, batched over sequences with one
/// modulation matrix each: h_t = f(b + (W ⊙ (M_{t−1} + 1))·x_t), then M_t = λ·M_{t−1} + η·h_t·x_tᵀ (clipped to
/// ±<see cref="MultiPlasticityOptions.TraceBound"/> when set). W [H × I] and b [H] are learned by backpropagation
/// through time; λ and η are fixed or learned. Computes what the managed <see cref="HebbianMultiPlasticity"/> rule
/// computes, on tensors and with gradients. With <see cref="MultiPlasticityOptions.BiasInput"/> (the default) x is
/// extended with a constant 1 first, so W and M have I + 1 columns.
/// </summary>
/// <remarks>
/// Tensors: inputs [T, B, I] (time first), M [B, H, C] with C = <see cref="Columns"/> (I, or I + 1 with the bias
/// input), hidden states [T, B, H]. An optional keep mask [T, B]
/// (1 keeps, 0 clears) zeroes a sequence's M before step t, so a batch of episode segments can start episodes at
/// different steps. Weights and biases start uniform in ±1/√I, as <c>nn.Linear</c>.
/// Float32 CPU sequences run as one autograd node (<see cref="MultiPlasticityFunction"/>: the whole forward and the
/// backpropagation through time in managed code, no TorchSharp call per step); other dtypes and devices, and
/// <see cref="Step"/>, run op by op.
/// </remarks>
public sealed class MultiPlasticityLayer : nn.Module<Tensor, Tensor, (Tensor Hidden, Tensor Trace)>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Parameter? decay_logit;
    private readonly Parameter? hebbian_rate;
    private readonly double _decay;
    private readonly double _rate;
    private readonly double? _bound;
    private readonly bool _tanh;
    private readonly Scalar _one = 1.0f.ToScalar();
    private readonly Scalar _decayScalar;
    private readonly Scalar _rateScalar;
    private readonly Scalar? _lower;
    private readonly Scalar? _upper;
    private readonly MultiPlasticityFunction.Settings _settings;

    /// <summary>Creates the layer with weights drawn from <paramref name="generator"/> (TorchSharp's global generator when null).</summary>
    /// <param name="inputSize">I, floats per input.</param>
    /// <param name="options">Hidden size, activation, λ, η, what is learned, the bound of M.</param>
    /// <param name="generator">Source of the initial weights.</param>
    public MultiPlasticityLayer(int inputSize, MultiPlasticityOptions options, Generator? generator = null) : base(nameof(MultiPlasticityLayer))
    {
        ArgumentNullException.ThrowIfNull(options);
        if (inputSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "A multi-plasticity layer needs at least one input.");
        options.Validate();
        InputSize = inputSize;
        Columns = inputSize + (options.BiasInput ? 1 : 0);
        HiddenSize = options.HiddenSize;
        Options = options;
        _decay = options.Decay;
        _rate = options.HebbianRate;
        _bound = options.TraceBound;
        _tanh = options.Activation == HebbianActivation.Tanh;
        _decayScalar = ((float)_decay).ToScalar();
        _rateScalar = ((float)_rate).ToScalar();
        if (_bound is double b)
        {
            _lower = ((float)-b).ToScalar();
            _upper = ((float)b).ToScalar();
        }
        _settings = new MultiPlasticityFunction.Settings(HiddenSize, inputSize, Columns, _tanh, (float?)_bound, (float)_decay, (float)_rate);
        var limit = 1.0 / Math.Sqrt(Columns);
        using (no_grad())
        {
            weight = new Parameter(rand([HiddenSize, Columns], generator: generator).mul_(2 * limit).sub_(limit));
            bias = new Parameter(rand([HiddenSize], generator: generator).mul_(2 * limit).sub_(limit));
            if (options.LearnDecay)
                decay_logit = new Parameter(tensor((float)Math.Log(_decay / (1 - _decay))));
            if (options.LearnHebbianRate)
                hebbian_rate = new Parameter(tensor((float)_rate));
        }
        RegisterComponents();
    }

    /// <summary>I, floats per input.</summary>
    public int InputSize { get; }

    /// <summary>C, the columns of W and M: I, plus one for the bias input.</summary>
    public int Columns { get; }

    /// <summary>H, the size of the hidden vector.</summary>
    public int HiddenSize { get; }

    /// <summary>The layer's settings.</summary>
    public MultiPlasticityOptions Options { get; }

    /// <summary>The slow weights W [H × C].</summary>
    public Parameter Weight => weight;

    /// <summary>The bias b [H].</summary>
    public Parameter Bias => bias;

    /// <summary>λ now (a learned value when <see cref="MultiPlasticityOptions.LearnDecay"/>).</summary>
    public double Decay
    {
        get
        {
            if (decay_logit is null)
                return _decay;
            using var scope = NewDisposeScope();
            return decay_logit.detach().sigmoid().item<float>();
        }
    }

    /// <summary>η now (a learned value when <see cref="MultiPlasticityOptions.LearnHebbianRate"/>).</summary>
    public double HebbianRate => hebbian_rate is null ? _rate : hebbian_rate.detach().item<float>();

    /// <summary>M = 0 for <paramref name="batch"/> sequences: [B, H, C].</summary>
    /// <param name="batch">B.</param>
    /// <returns>The zero trace, on the layer's device.</returns>
    public Tensor InitialTrace(long batch) => zeros([batch, HiddenSize, Columns], device: weight.device);

    /// <summary>One step for a batch: h_t from x_t and M_{t−1}, then M_t.</summary>
    /// <param name="input">x_t [B, I].</param>
    /// <param name="trace">M_{t−1} [B, H, C].</param>
    /// <returns>h_t [B, H] and M_t [B, H, C].</returns>
    /// <exception cref="ArgumentException">The shapes do not fit the layer.</exception>
    public (Tensor Hidden, Tensor Trace) Step(Tensor input, Tensor trace)
    {
        CheckStep(input, trace);
        return StepUnchecked(Extend(input), trace);
    }

    /// <summary>x with the constant 1 appended along the last dimension (when the layer has the bias input).</summary>
    private Tensor Extend(Tensor input)
    {
        if (Columns == InputSize)
            return input;
        var shape = input.shape;
        shape[^1] = 1;
        return cat([input, ones(shape, dtype: input.dtype, device: input.device)], -1);
    }

    /// <summary>Runs the layer over sequences from M = <paramref name="trace"/>.</summary>
    /// <param name="inputs">x [T, B, I].</param>
    /// <param name="trace">M before the first step [B, H, C] (<see cref="InitialTrace"/> at an episode start).</param>
    /// <returns>h [T, B, H] and M after the last step.</returns>
    public override (Tensor Hidden, Tensor Trace) forward(Tensor inputs, Tensor trace) => forward(inputs, trace, null);

    /// <summary>Runs the layer over sequences, clearing M of sequence b before step t where <paramref name="keep"/>[t, b] is 0.</summary>
    /// <param name="inputs">x [T, B, I].</param>
    /// <param name="trace">M before the first step [B, H, C].</param>
    /// <param name="keep">[T, B] of 1 (carry M on) and 0 (start an episode: M = 0 first), or null to carry on throughout.</param>
    /// <returns>h [T, B, H] and M after the last step.</returns>
    /// <exception cref="ArgumentException">The shapes do not fit the layer or each other.</exception>
    public (Tensor Hidden, Tensor Trace) forward(Tensor inputs, Tensor trace, Tensor? keep)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.dim() != 3 || inputs.shape[2] != InputSize)
            throw new ArgumentException($"The inputs have shape [{string.Join(", ", inputs.shape)}]; the layer reads [T, B, {InputSize}].", nameof(inputs));
        var steps = inputs.shape[0];
        var batch = inputs.shape[1];
        if (keep is not null && (keep.dim() != 2 || keep.shape[0] != steps || keep.shape[1] != batch))
            throw new ArgumentException($"The keep mask has shape [{string.Join(", ", keep.shape)}]; it must be [{steps}, {batch}] like the inputs' first two dimensions.", nameof(keep));
        CheckTrace(trace, batch);
        if (MultiPlasticityFunction.Supports(inputs, trace, weight))
            return MultiPlasticityFunction.Run(inputs, trace, weight, bias, decay_logit?.sigmoid(), hebbian_rate, keep, _settings);
        return ForwardStepwise(inputs, trace, keep);
    }

    /// <summary>
    /// The sequence op by op: one <see cref="Step"/>'s TorchSharp calls per time step, recorded by autograd. Every dtype
    /// and device; <see cref="forward(Tensor, Tensor, Tensor?)"/> uses it for all but float32 on the CPU, and tests and
    /// benchmarks hold the fused path against it. Shapes are checked by the caller.
    /// </summary>
    internal (Tensor Hidden, Tensor Trace) ForwardStepwise(Tensor inputs, Tensor trace, Tensor? keep)
    {
        var steps = inputs.shape[0];
        var batch = inputs.shape[1];
        var extended = Extend(inputs);
        var hidden = new Tensor[steps];
        for (var t = 0; t < steps; t++)
        {
            if (keep is not null)
                trace = trace * keep[t].view(batch, 1, 1);
            (hidden[t], trace) = StepUnchecked(extended[t], trace);
        }
        return (stack(hidden), trace);
    }

    private (Tensor Hidden, Tensor Trace) StepUnchecked(Tensor input, Tensor trace)
    {
        // (W ⊙ (M + 1))·x, one matrix–vector product per sequence. Every scalar is one the layer holds (see
        // docs/torchsharp.md: a scalar made on the fly can be finalized during the native call).
        var gated = trace.add(_one).mul(weight);
        var drive = gated.bmm(input.unsqueeze(2)).squeeze(2).add(bias, _one);
        var hidden = _tanh ? drive.tanh() : drive;
        var outer = hidden.unsqueeze(2).mul(input.unsqueeze(1));
        var next = decay_logit is null ? trace.mul(_decayScalar) : trace.mul(decay_logit.sigmoid());
        next = hebbian_rate is null ? next.add(outer, _rateScalar) : next.add(outer.mul(hebbian_rate), _one);
        if (_bound is not null)
            next = next.clamp(_lower!, _upper!);
        return (hidden, next);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _one.Dispose();
            _decayScalar.Dispose();
            _rateScalar.Dispose();
            _lower?.Dispose();
            _upper?.Dispose();
        }
        base.Dispose(disposing);
    }

    private void CheckStep(Tensor input, Tensor trace)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 2 || input.shape[1] != InputSize)
            throw new ArgumentException($"The input has shape [{string.Join(", ", input.shape)}]; the layer reads [B, {InputSize}].", nameof(input));
        CheckTrace(trace, input.shape[0]);
    }

    private void CheckTrace(Tensor trace, long batch)
    {
        ArgumentNullException.ThrowIfNull(trace);
        if (trace.dim() != 3 || trace.shape[0] != batch || trace.shape[1] != HiddenSize || trace.shape[2] != Columns)
            throw new ArgumentException($"M has shape [{string.Join(", ", trace.shape)}]; for {batch} sequences it must be [{batch}, {HiddenSize}, {Columns}].", nameof(trace));
    }
}
