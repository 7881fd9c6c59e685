using Synaptic.ML.Neurons.Surrogates;
using Synaptic.ML.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Neurons;

/// <summary>
/// Base class of the stateful spiking neuron layers: threshold, reset mechanism, surrogate gradient and the
/// hidden state carried from one time step to the next, with snnTorch's semantics.
/// </summary>
/// <remarks>
/// <para>
/// Each call to <see cref="nn.Module{T, TResult}.forward"/> advances the layer by one time step and returns
/// the spikes; the hidden states are kept on the module and stay attached to the autograd graph, so a loss
/// accumulated over many steps backpropagates through time. Call <see cref="ResetState"/> before a new
/// sequence, and <see cref="DetachState"/> to truncate backpropagation.
/// </para>
/// <para>
/// Tensors are batch-first, typically [B, N]. Decay rates and the threshold are scalars or tensors that
/// broadcast against the input (for example one value per neuron, shape [N]).
/// </para>
/// <para>
/// As in snnTorch, the reset applied at step t is computed from the membrane potential of step t − 1 with
/// the spike detached from the graph, so no gradient flows through the reset term.
/// </para>
/// </remarks>
public abstract class SpikingNeuron : nn.Module<Tensor, Tensor>
{
    private readonly Tensor _threshold;
    private readonly List<(string Name, long[] Shape)> _perNeuron = [];

    /// <summary>Initializes the shared part of a spiking layer.</summary>
    /// <param name="name">The module name.</param>
    /// <param name="threshold">The firing threshold θ, scalar or broadcastable tensor; strictly positive.</param>
    /// <param name="resetMechanism">How the membrane is reset after a spike.</param>
    /// <param name="surrogate">The surrogate gradient; <see langword="null"/> selects <see cref="ArcTan"/> with α = 2, as snnTorch does.</param>
    /// <param name="learnThreshold">Whether θ is a trainable <see cref="TorchSharp.Modules.Parameter"/> rather than a buffer.</param>
    /// <exception cref="ArgumentException">The threshold is not strictly positive and finite, or the reset mechanism is undefined.</exception>
    protected SpikingNeuron(string name, Tensor threshold, ResetMechanism resetMechanism, SurrogateGradient? surrogate, bool learnThreshold)
        : base(name)
    {
        TorchRuntime.EnsureAvailable();
        ArgumentNullException.ThrowIfNull(threshold);
        if (!Enum.IsDefined(resetMechanism))
            throw new ArgumentOutOfRangeException(nameof(resetMechanism), resetMechanism, "Unknown reset mechanism.");
        using (no_grad())
        {
            if (!threshold.isfinite().all().item<bool>() || !threshold.gt(0).all().item<bool>())
                throw new ArgumentOutOfRangeException(nameof(threshold), Describe(threshold), "The threshold must be strictly positive and finite.");
        }
        ResetMechanism = resetMechanism;
        Surrogate = surrogate ?? new ArcTan();
        _threshold = RegisterConstant("threshold", threshold, learnThreshold);
    }

    /// <summary>Gets the firing threshold θ (a <see cref="TorchSharp.Modules.Parameter"/> when learnable, otherwise a buffer).</summary>
    public Tensor Threshold => _threshold;

    /// <summary>Gets how the membrane is reset after a spike.</summary>
    public ResetMechanism ResetMechanism { get; }

    /// <summary>Gets the surrogate gradient used by the spike nonlinearity.</summary>
    public SurrogateGradient Surrogate { get; }

    /// <summary>
    /// Gets or sets a value indicating whether each step checks its input for NaN and throws. The check costs
    /// a device synchronisation per step; it is on by default.
    /// </summary>
    public bool ValidateInput { get; set; } = true;

    /// <summary>Gets the membrane potential after the last step, or <see langword="null"/> before the first.</summary>
    public Tensor? Membrane { get; protected set; }

    /// <summary>Clears the hidden states; the next step starts from zero, with the shape of its input.</summary>
    public abstract void ResetState();

    /// <summary>Detaches the hidden states from the autograd graph (truncated backpropagation through time).</summary>
    public abstract void DetachState();

    /// <summary>Fires: S = Θ(U − θ), with the surrogate derivative in the backward pass.</summary>
    /// <param name="membrane">The membrane potential U.</param>
    /// <returns>The spikes.</returns>
    protected Tensor Fire(Tensor membrane)
    {
        using var shifted = membrane - _threshold;
        return Surrogate.Spike(shifted);
    }

    /// <summary>
    /// Applies the delayed reset R[t] (from <see cref="ResetSignal"/>) to a freshly updated membrane:
    /// U − R·θ for subtraction, U − U·R for reset to zero, U unchanged for none.
    /// </summary>
    /// <param name="membrane">The updated membrane potential.</param>
    /// <param name="reset">The detached reset signal.</param>
    /// <returns>The reset membrane potential.</returns>
    protected Tensor ApplyReset(Tensor membrane, Tensor reset) => ResetMechanism switch
    {
        ResetMechanism.Subtract => membrane - reset * _threshold,
        ResetMechanism.Zero => membrane - membrane * reset,
        _ => membrane,
    };

    /// <summary>
    /// Fires, and without reset delay also resets in the same step. Only the part of the reset not already
    /// applied as the delayed reset is subtracted, so no neuron is reset twice.
    /// </summary>
    /// <param name="membrane">The membrane potential after the delayed reset.</param>
    /// <param name="reset">The delayed reset signal of this step.</param>
    /// <param name="resetDelay">snnTorch's <c>reset_delay</c>.</param>
    /// <returns>The spikes and the final membrane potential.</returns>
    protected (Tensor Spikes, Tensor Membrane) FireAndReset(Tensor membrane, Tensor reset, bool resetDelay)
    {
        var spikes = Fire(membrane);
        if (resetDelay || ResetMechanism == ResetMechanism.None)
            return (spikes, membrane);
        using var pending = spikes - reset;
        return (spikes, ResetMechanism == ResetMechanism.Subtract
            ? membrane - pending * _threshold
            : membrane - pending * membrane);
    }

    /// <summary>
    /// The reset signal for this step: the spike the previous membrane potential would emit, detached from
    /// the graph (snnTorch's <c>mem_reset</c>).
    /// </summary>
    /// <param name="previousMembrane">U[t − 1].</param>
    /// <returns>A detached 0/1 tensor.</returns>
    protected Tensor ResetSignal(Tensor previousMembrane)
    {
        using var _ = no_grad();
        using var shifted = previousMembrane - _threshold;
        return SurrogateGradient.Heaviside(shifted);
    }

    /// <summary>Validates one step's input and returns the zero state to start from when none is held.</summary>
    /// <param name="input">The step input.</param>
    /// <param name="state">The held state, or <see langword="null"/>.</param>
    /// <returns><paramref name="state"/>, or zeros shaped like <paramref name="input"/>.</returns>
    /// <exception cref="ArgumentException">The input contains NaN, or its shape differs from the held state's.</exception>
    protected Tensor StateFor(Tensor input, Tensor? state)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (ValidateInput)
            CheckNotNaN(input);
        if (state is null)
        {
            CheckParameterShapes(input.shape);
            return zeros_like(input);
        }
        if (!state.shape.SequenceEqual(input.shape))
            throw new ArgumentException(
                $"The input shape [{string.Join(", ", input.shape)}] differs from the hidden state shape [{string.Join(", ", state.shape)}]; call ResetState() before a batch of another shape.",
                nameof(input));
        return state;
    }

    // Per-neuron decays and thresholds must broadcast onto the input without enlarging it; otherwise
    // name the parameter instead of letting TorchSharp report a bare broadcasting error mid-step.
    private void CheckParameterShapes(long[] input)
    {
        foreach (var (name, shape) in _perNeuron)
        {
            var fits = shape.Length <= input.Length
                && shape.Select((size, i) => size == 1 || size == input[input.Length - shape.Length + i]).All(ok => ok);
            if (!fits)
                throw new ArgumentException(
                    $"{name} has shape [{string.Join(", ", shape)}], which does not broadcast onto the input shape [{string.Join(", ", input)}]; give one value per neuron (shape [{input[^1]}]) or a scalar.",
                    name);
        }
    }

    private static void CheckNotNaN(Tensor input)
    {
        using var _ = no_grad();
        using var nan = input.isnan().any();
        if (nan.item<bool>())
            throw new ArgumentException("The input contains NaN.", nameof(input));
    }

    /// <summary>Registers a decay rate (β or α): validated to lie in [0, 1], stored as a parameter or a buffer.</summary>
    /// <param name="name">The parameter name, used in messages and in the state dictionary.</param>
    /// <param name="value">The decay, scalar or broadcastable tensor.</param>
    /// <param name="learn">Whether it is a trainable parameter.</param>
    /// <returns>The registered tensor.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Some element lies outside [0, 1] or is NaN.</exception>
    protected Tensor RegisterDecay(string name, Tensor value, bool learn)
    {
        ArgumentNullException.ThrowIfNull(value);
        using (no_grad())
        {
            if (!value.ge(0).logical_and(value.le(1)).all().item<bool>())
                throw new ArgumentOutOfRangeException(name, Describe(value), $"The decay rate {name} must lie in [0, 1].");
        }
        return RegisterConstant(name, value, learn);
    }

    /// <summary>Converts a scalar to a float32 tensor.</summary>
    /// <param name="value">The value.</param>
    /// <returns>A zero-dimensional float32 tensor.</returns>
    protected static Tensor Scalar(double value) => tensor((float)value);

    private Tensor RegisterConstant(string name, Tensor value, bool learn)
    {
        _perNeuron.Add((name, value.shape));
        var copy = value.detach().clone();
        if (!copy.is_floating_point())
            copy = copy.to_type(ScalarType.Float32);
        if (learn)
        {
            var parameter = new TorchSharp.Modules.Parameter(copy, requires_grad: true);
            register_parameter(name, parameter);
            return parameter;
        }
        register_buffer(name, copy);
        return copy;
    }

    /// <summary>Formats a parameter's values (at most eight) for an exception message.</summary>
    /// <param name="value">The parameter.</param>
    /// <returns>The value, or a bracketed list of values.</returns>
    protected static string Describe(Tensor value)
    {
        using var _ = no_grad();
        using var flat = value.detach().to_type(ScalarType.Float64).flatten();
        var values = flat.data<double>().ToArray();
        return values.Length == 1 ? values[0].ToString(System.Globalization.CultureInfo.InvariantCulture) : $"[{string.Join(", ", values.Take(8).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)))}{(values.Length > 8 ? ", …" : "")}]";
    }
}
