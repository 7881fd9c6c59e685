using Synaptic.ML.Neurons.Surrogates;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Neurons;

/// <summary>
/// The recurrent leaky integrate-and-fire neuron: U[t] = β·U[t−1] + I[t] + V(S[t−1]) − R[t]·θ, with V an
/// all-to-all linear layer or a one-to-one weight, with snnTorch's <c>RLeaky</c> semantics.
/// </summary>
/// <remarks>
/// Unlike <see cref="Leaky"/>, reset to zero here zeroes the freshly updated membrane (input and feedback
/// included) of neurons that fired at t − 1, as snnTorch's RLeaky does. The fed-back spikes stay attached to
/// the graph, so gradients flow through the recurrence.
/// </remarks>
public sealed class RLeaky : SpikingNeuron
{
    private readonly Tensor _beta;
    private readonly nn.Module<Tensor, Tensor> _recurrent;

    /// <summary>Creates a layer with all-to-all recurrence through a <c>Linear(features, features)</c> layer.</summary>
    /// <param name="beta">The membrane decay β in [0, 1].</param>
    /// <param name="linearFeatures">The number of neurons N (the width of the recurrent linear layer).</param>
    /// <param name="threshold">The threshold θ &gt; 0.</param>
    /// <param name="resetMechanism">How the membrane is reset after a spike.</param>
    /// <param name="surrogate">The surrogate gradient; <see langword="null"/> selects <see cref="ArcTan"/>.</param>
    /// <param name="resetDelay">Whether the reset lands one step after the spike (snnTorch's default) or in the same step.</param>
    /// <param name="learnBeta">Whether β is trainable.</param>
    /// <param name="learnThreshold">Whether θ is trainable.</param>
    /// <param name="learnRecurrent">Whether the recurrent weights are trainable (snnTorch's default: yes).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="linearFeatures"/> is not positive, or β, θ are out of range.</exception>
    public RLeaky(double beta, int linearFeatures, double threshold = 1.0, ResetMechanism resetMechanism = ResetMechanism.Subtract,
        SurrogateGradient? surrogate = null, bool resetDelay = true, bool learnBeta = false, bool learnThreshold = false, bool learnRecurrent = true)
        : this(Scalar(beta), Scalar(threshold), Recurrence.AllToAll(linearFeatures, learnRecurrent), resetMechanism, surrogate, resetDelay, learnBeta, learnThreshold)
    {
    }

    /// <summary>Creates a layer with one-to-one recurrence: each neuron feeds back its own spike scaled by V.</summary>
    /// <param name="beta">The membrane decay β in [0, 1].</param>
    /// <param name="recurrentWeight">V, a scalar tensor or one weight per neuron.</param>
    /// <param name="threshold">The threshold θ &gt; 0.</param>
    /// <param name="resetMechanism">How the membrane is reset after a spike.</param>
    /// <param name="surrogate">The surrogate gradient; <see langword="null"/> selects <see cref="ArcTan"/>.</param>
    /// <param name="resetDelay">Whether the reset lands one step after the spike (snnTorch's default) or in the same step.</param>
    /// <param name="learnBeta">Whether β is trainable.</param>
    /// <param name="learnThreshold">Whether θ is trainable.</param>
    /// <param name="learnRecurrent">Whether V is trainable (snnTorch's default: yes).</param>
    public RLeaky(double beta, Tensor recurrentWeight, double threshold = 1.0, ResetMechanism resetMechanism = ResetMechanism.Subtract,
        SurrogateGradient? surrogate = null, bool resetDelay = true, bool learnBeta = false, bool learnThreshold = false, bool learnRecurrent = true)
        : this(Scalar(beta), Scalar(threshold), new RecurrentOneToOne(recurrentWeight, learnRecurrent), resetMechanism, surrogate, resetDelay, learnBeta, learnThreshold)
    {
    }

    private RLeaky(Tensor beta, Tensor threshold, nn.Module<Tensor, Tensor> recurrent, ResetMechanism resetMechanism,
        SurrogateGradient? surrogate, bool resetDelay, bool learnBeta, bool learnThreshold)
        : base(nameof(RLeaky), threshold, resetMechanism, surrogate, learnThreshold)
    {
        _beta = RegisterDecay("beta", beta, learnBeta);
        _recurrent = recurrent;
        register_module("recurrent", recurrent);
        ResetDelay = resetDelay;
    }

    /// <summary>Gets the membrane decay β.</summary>
    public Tensor Beta => _beta;

    /// <summary>Gets the recurrent connection V(·): a <c>Linear</c> layer or a <see cref="RecurrentOneToOne"/>.</summary>
    public nn.Module<Tensor, Tensor> Recurrent => _recurrent;

    /// <summary>Gets a value indicating whether the reset lands one step after the spike.</summary>
    public bool ResetDelay { get; }

    /// <summary>Gets the spikes of the last step (fed back at the next), or <see langword="null"/> before the first.</summary>
    public Tensor? Spikes { get; private set; }

    /// <summary>Advances one time step.</summary>
    /// <param name="input">The input current I[t], batch-first [B, N].</param>
    /// <returns>The spikes S[t].</returns>
    public override Tensor forward(Tensor input) => Step(input).Spikes;

    /// <summary>Advances one time step and returns the spikes with the new membrane potential.</summary>
    /// <param name="input">The input current I[t], batch-first [B, N].</param>
    /// <returns>S[t] and U[t]; both are kept on the module.</returns>
    /// <exception cref="ArgumentException">The input holds NaN or its shape differs from the held state.</exception>
    public (Tensor Spikes, Tensor Membrane) Step(Tensor input)
    {
        var previous = StateFor(input, Membrane);
        var previousSpikes = Spikes ?? zeros_like(input);
        using var reset = ResetSignal(previous);
        using var beta = _beta.clamp(0, 1);
        var membrane = beta * previous + input + _recurrent.forward(previousSpikes);
        membrane = ApplyReset(membrane, reset);

        (var spikes, membrane) = FireAndReset(membrane, reset, ResetDelay);

        Spikes = spikes;
        Membrane = membrane;
        return (spikes, membrane);
    }

    /// <inheritdoc/>
    public override void ResetState()
    {
        Spikes = null;
        Membrane = null;
    }

    /// <inheritdoc/>
    public override void DetachState()
    {
        Spikes = Spikes?.detach();
        Membrane = Membrane?.detach();
    }
}
