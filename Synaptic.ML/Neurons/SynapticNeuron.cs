using Synaptic.ML.Neurons.Surrogates;
using static TorchSharp.torch;

namespace Synaptic.ML.Neurons;

/// <summary>
/// The second-order leaky integrate-and-fire neuron with a current-based synapse:
/// I_syn[t] = α·I_syn[t−1] + X[t], U[t] = β·U[t−1] + I_syn[t] − R[t]·θ, S[t] = Θ(U[t] − θ),
/// with snnTorch's <c>Synaptic</c> semantics. (Named SynapticNeuron because a type named <c>Synaptic</c>
/// would be hidden by the root namespace <c>Synaptic</c> in users' code.)
/// </summary>
/// <remarks>
/// R[t] is the detached spike of U[t−1]. Reset to zero zeroes the freshly updated membrane of neurons that
/// fired at t − 1 and leaves the synaptic current untouched. <c>resetDelay</c> = <see langword="false"/>
/// applies the reset within the spiking step, as for <see cref="Leaky"/>.
/// </remarks>
public sealed class SynapticNeuron : SpikingNeuron
{
    private readonly Tensor _alpha;
    private readonly Tensor _beta;

    /// <summary>Creates a synaptic layer with scalar parameters.</summary>
    /// <param name="alpha">The synaptic current decay α in [0, 1].</param>
    /// <param name="beta">The membrane decay β in [0, 1].</param>
    /// <param name="threshold">The threshold θ &gt; 0.</param>
    /// <param name="resetMechanism">How the membrane is reset after a spike.</param>
    /// <param name="surrogate">The surrogate gradient; <see langword="null"/> selects <see cref="ArcTan"/>.</param>
    /// <param name="resetDelay">Whether the reset lands one step after the spike (snnTorch's default) or in the same step.</param>
    /// <param name="learnAlpha">Whether α is trainable.</param>
    /// <param name="learnBeta">Whether β is trainable.</param>
    /// <param name="learnThreshold">Whether θ is trainable.</param>
    public SynapticNeuron(double alpha, double beta, double threshold = 1.0, ResetMechanism resetMechanism = ResetMechanism.Subtract,
        SurrogateGradient? surrogate = null, bool resetDelay = true, bool learnAlpha = false, bool learnBeta = false, bool learnThreshold = false)
        : this(Scalar(alpha), Scalar(beta), Scalar(threshold), resetMechanism, surrogate, resetDelay, learnAlpha, learnBeta, learnThreshold)
    {
    }

    /// <summary>Creates a synaptic layer with tensor parameters (for example one decay per neuron).</summary>
    /// <param name="alpha">The synaptic current decay α, every element in [0, 1].</param>
    /// <param name="beta">The membrane decay β, every element in [0, 1].</param>
    /// <param name="threshold">The threshold θ, every element &gt; 0.</param>
    /// <param name="resetMechanism">How the membrane is reset after a spike.</param>
    /// <param name="surrogate">The surrogate gradient; <see langword="null"/> selects <see cref="ArcTan"/>.</param>
    /// <param name="resetDelay">Whether the reset lands one step after the spike (snnTorch's default) or in the same step.</param>
    /// <param name="learnAlpha">Whether α is trainable.</param>
    /// <param name="learnBeta">Whether β is trainable.</param>
    /// <param name="learnThreshold">Whether θ is trainable.</param>
    /// <exception cref="ArgumentOutOfRangeException">α or β lies outside [0, 1] or θ is not strictly positive.</exception>
    public SynapticNeuron(Tensor alpha, Tensor beta, Tensor threshold, ResetMechanism resetMechanism = ResetMechanism.Subtract,
        SurrogateGradient? surrogate = null, bool resetDelay = true, bool learnAlpha = false, bool learnBeta = false, bool learnThreshold = false)
        : base(nameof(Synaptic), threshold, resetMechanism, surrogate, learnThreshold)
    {
        _alpha = RegisterDecay("alpha", alpha, learnAlpha);
        _beta = RegisterDecay("beta", beta, learnBeta);
        ResetDelay = resetDelay;
    }

    /// <summary>Gets the synaptic current decay α.</summary>
    public Tensor Alpha => _alpha;

    /// <summary>Gets the membrane decay β.</summary>
    public Tensor Beta => _beta;

    /// <summary>Gets a value indicating whether the reset lands one step after the spike.</summary>
    public bool ResetDelay { get; }

    /// <summary>Gets the synaptic current after the last step, or <see langword="null"/> before the first.</summary>
    public Tensor? SynapticCurrent { get; private set; }

    /// <summary>Advances one time step.</summary>
    /// <param name="input">The input X[t], batch-first (e.g. [B, N]).</param>
    /// <returns>The spikes S[t].</returns>
    public override Tensor forward(Tensor input) => Step(input).Spikes;

    /// <summary>Advances one time step and returns the spikes with the new states.</summary>
    /// <param name="input">The input X[t], batch-first (e.g. [B, N]).</param>
    /// <returns>S[t], I_syn[t] and U[t]; the states are also kept on the module.</returns>
    /// <exception cref="ArgumentException">The input holds NaN or its shape differs from the held state.</exception>
    public (Tensor Spikes, Tensor SynapticCurrent, Tensor Membrane) Step(Tensor input)
    {
        var previousMembrane = StateFor(input, Membrane);
        var previousCurrent = SynapticCurrent ?? zeros_like(input);
        using var reset = ResetSignal(previousMembrane);
        using var alpha = _alpha.clamp(0, 1);
        using var beta = _beta.clamp(0, 1);

        var current = alpha * previousCurrent + input;
        var membrane = beta * previousMembrane + current;
        membrane = ApplyReset(membrane, reset);

        (var spikes, membrane) = FireAndReset(membrane, reset, ResetDelay);

        SynapticCurrent = current;
        Membrane = membrane;
        return (spikes, current, membrane);
    }

    /// <inheritdoc/>
    public override void ResetState()
    {
        SynapticCurrent = null;
        Membrane = null;
    }

    /// <inheritdoc/>
    public override void DetachState()
    {
        SynapticCurrent = SynapticCurrent?.detach();
        Membrane = Membrane?.detach();
    }
}
