using Synaptic.ML.Neurons.Surrogates;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Neurons;

/// <summary>
/// The recurrent second-order neuron: I_syn[t] = α·I_syn[t−1] + X[t] + V(S[t−1]),
/// U[t] = β·U[t−1] + I_syn[t] − R[t]·θ, with snnTorch's <c>RSynaptic</c> semantics.
/// </summary>
/// <remarks>
/// Reset to zero zeroes the freshly updated membrane of neurons that fired at t − 1 and leaves the synaptic
/// current untouched. With <c>resetDelay</c> = <see langword="false"/> the reset is applied within the spiking
/// step, as for <see cref="SynapticNeuron"/>; snnTorch 634fc22's RSynaptic reads its (unset) keyword arguments on
/// that path instead of its states, so this port implements the documented intent there.
/// </remarks>
public sealed class RSynaptic : SpikingNeuron
{
    private readonly Tensor _alpha;
    private readonly Tensor _beta;
    private readonly nn.Module<Tensor, Tensor> _recurrent;

    /// <summary>Creates a layer with all-to-all recurrence through a <c>Linear(features, features)</c> layer.</summary>
    /// <param name="alpha">The synaptic current decay α in [0, 1].</param>
    /// <param name="beta">The membrane decay β in [0, 1].</param>
    /// <param name="linearFeatures">The number of neurons N.</param>
    /// <param name="threshold">The threshold θ &gt; 0.</param>
    /// <param name="resetMechanism">How the membrane is reset after a spike.</param>
    /// <param name="surrogate">The surrogate gradient; <see langword="null"/> selects <see cref="ArcTan"/>.</param>
    /// <param name="resetDelay">Whether the reset lands one step after the spike or in the same step.</param>
    /// <param name="learnAlpha">Whether α is trainable.</param>
    /// <param name="learnBeta">Whether β is trainable.</param>
    /// <param name="learnThreshold">Whether θ is trainable.</param>
    /// <param name="learnRecurrent">Whether the recurrent weights are trainable.</param>
    public RSynaptic(double alpha, double beta, int linearFeatures, double threshold = 1.0, ResetMechanism resetMechanism = ResetMechanism.Subtract,
        SurrogateGradient? surrogate = null, bool resetDelay = true, bool learnAlpha = false, bool learnBeta = false, bool learnThreshold = false, bool learnRecurrent = true)
        : this(Scalar(alpha), Scalar(beta), Scalar(threshold), Recurrence.AllToAll(linearFeatures, learnRecurrent), resetMechanism, surrogate, resetDelay, learnAlpha, learnBeta, learnThreshold)
    {
    }

    /// <summary>Creates a layer with one-to-one recurrence: each neuron feeds back its own spike scaled by V.</summary>
    /// <param name="alpha">The synaptic current decay α in [0, 1].</param>
    /// <param name="beta">The membrane decay β in [0, 1].</param>
    /// <param name="recurrentWeight">V, a scalar tensor or one weight per neuron.</param>
    /// <param name="threshold">The threshold θ &gt; 0.</param>
    /// <param name="resetMechanism">How the membrane is reset after a spike.</param>
    /// <param name="surrogate">The surrogate gradient; <see langword="null"/> selects <see cref="ArcTan"/>.</param>
    /// <param name="resetDelay">Whether the reset lands one step after the spike or in the same step.</param>
    /// <param name="learnAlpha">Whether α is trainable.</param>
    /// <param name="learnBeta">Whether β is trainable.</param>
    /// <param name="learnThreshold">Whether θ is trainable.</param>
    /// <param name="learnRecurrent">Whether V is trainable.</param>
    public RSynaptic(double alpha, double beta, Tensor recurrentWeight, double threshold = 1.0, ResetMechanism resetMechanism = ResetMechanism.Subtract,
        SurrogateGradient? surrogate = null, bool resetDelay = true, bool learnAlpha = false, bool learnBeta = false, bool learnThreshold = false, bool learnRecurrent = true)
        : this(Scalar(alpha), Scalar(beta), Scalar(threshold), new RecurrentOneToOne(recurrentWeight, learnRecurrent), resetMechanism, surrogate, resetDelay, learnAlpha, learnBeta, learnThreshold)
    {
    }

    private RSynaptic(Tensor alpha, Tensor beta, Tensor threshold, nn.Module<Tensor, Tensor> recurrent, ResetMechanism resetMechanism,
        SurrogateGradient? surrogate, bool resetDelay, bool learnAlpha, bool learnBeta, bool learnThreshold)
        : base(nameof(RSynaptic), threshold, resetMechanism, surrogate, learnThreshold)
    {
        _alpha = RegisterDecay("alpha", alpha, learnAlpha);
        _beta = RegisterDecay("beta", beta, learnBeta);
        _recurrent = recurrent;
        register_module("recurrent", recurrent);
        ResetDelay = resetDelay;
    }

    /// <summary>Gets the synaptic current decay α.</summary>
    public Tensor Alpha => _alpha;

    /// <summary>Gets the membrane decay β.</summary>
    public Tensor Beta => _beta;

    /// <summary>Gets the recurrent connection V(·).</summary>
    public nn.Module<Tensor, Tensor> Recurrent => _recurrent;

    /// <summary>Gets a value indicating whether the reset lands one step after the spike.</summary>
    public bool ResetDelay { get; }

    /// <summary>Gets the spikes of the last step, or <see langword="null"/> before the first.</summary>
    public Tensor? Spikes { get; private set; }

    /// <summary>Gets the synaptic current after the last step, or <see langword="null"/> before the first.</summary>
    public Tensor? SynapticCurrent { get; private set; }

    /// <summary>Advances one time step.</summary>
    /// <param name="input">The input X[t], batch-first [B, N].</param>
    /// <returns>The spikes S[t].</returns>
    public override Tensor forward(Tensor input) => Step(input).Spikes;

    /// <summary>Advances one time step and returns the spikes with the new states.</summary>
    /// <param name="input">The input X[t], batch-first [B, N].</param>
    /// <returns>S[t], I_syn[t] and U[t]; all are kept on the module.</returns>
    /// <exception cref="ArgumentException">The input holds NaN or its shape differs from the held state.</exception>
    public (Tensor Spikes, Tensor SynapticCurrent, Tensor Membrane) Step(Tensor input)
    {
        var previousMembrane = StateFor(input, Membrane);
        var previousCurrent = SynapticCurrent ?? zeros_like(input);
        var previousSpikes = Spikes ?? zeros_like(input);
        using var reset = ResetSignal(previousMembrane);
        using var alpha = _alpha.clamp(0, 1);
        using var beta = _beta.clamp(0, 1);

        var current = alpha * previousCurrent + input + _recurrent.forward(previousSpikes);
        var membrane = beta * previousMembrane + current;
        membrane = ApplyReset(membrane, reset);

        (var spikes, membrane) = FireAndReset(membrane, reset, ResetDelay);

        Spikes = spikes;
        SynapticCurrent = current;
        Membrane = membrane;
        return (spikes, current, membrane);
    }

    /// <inheritdoc/>
    public override void ResetState()
    {
        Spikes = null;
        SynapticCurrent = null;
        Membrane = null;
    }

    /// <inheritdoc/>
    public override void DetachState()
    {
        Spikes = Spikes?.detach();
        SynapticCurrent = SynapticCurrent?.detach();
        Membrane = Membrane?.detach();
    }
}
