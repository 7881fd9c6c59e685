using Synaptic.ML.Neurons.Surrogates;
using static TorchSharp.torch;

namespace Synaptic.ML.Neurons;

/// <summary>
/// The first-order leaky integrate-and-fire neuron: U[t] = β·U[t−1] + I[t] − R[t]·θ, S[t] = Θ(U[t] − θ),
/// with snnTorch's <c>Leaky</c> semantics.
/// </summary>
/// <remarks>
/// R[t] is the detached spike of U[t−1]. With reset by subtraction the threshold is removed from U; with
/// reset to zero U[t−1] is zeroed before decaying. When <c>resetDelay</c> is <see langword="false"/>, a
/// neuron that fires at step t is reset within the same step instead of the next (through the undetached
/// spike, so that reset carries gradient, as in snnTorch).
/// </remarks>
public sealed class Leaky : SpikingNeuron
{
    private readonly Tensor _beta;

    /// <summary>Creates a leaky layer with scalar parameters.</summary>
    /// <param name="beta">The membrane decay β in [0, 1].</param>
    /// <param name="threshold">The threshold θ &gt; 0.</param>
    /// <param name="resetMechanism">How the membrane is reset after a spike.</param>
    /// <param name="surrogate">The surrogate gradient; <see langword="null"/> selects <see cref="ArcTan"/>.</param>
    /// <param name="resetDelay">Whether the reset lands one step after the spike (snnTorch's default) or in the same step.</param>
    /// <param name="learnBeta">Whether β is trainable.</param>
    /// <param name="learnThreshold">Whether θ is trainable.</param>
    public Leaky(double beta, double threshold = 1.0, ResetMechanism resetMechanism = ResetMechanism.Subtract,
        SurrogateGradient? surrogate = null, bool resetDelay = true, bool learnBeta = false, bool learnThreshold = false)
        : this(Scalar(beta), Scalar(threshold), resetMechanism, surrogate, resetDelay, learnBeta, learnThreshold)
    {
    }

    /// <summary>Creates a leaky layer with tensor parameters (for example one β per neuron).</summary>
    /// <param name="beta">The membrane decay β, every element in [0, 1]; broadcast against the input.</param>
    /// <param name="threshold">The threshold θ, every element &gt; 0; broadcast against the input.</param>
    /// <param name="resetMechanism">How the membrane is reset after a spike.</param>
    /// <param name="surrogate">The surrogate gradient; <see langword="null"/> selects <see cref="ArcTan"/>.</param>
    /// <param name="resetDelay">Whether the reset lands one step after the spike (snnTorch's default) or in the same step.</param>
    /// <param name="learnBeta">Whether β is trainable.</param>
    /// <param name="learnThreshold">Whether θ is trainable.</param>
    /// <exception cref="ArgumentOutOfRangeException">β lies outside [0, 1] or θ is not strictly positive.</exception>
    public Leaky(Tensor beta, Tensor threshold, ResetMechanism resetMechanism = ResetMechanism.Subtract,
        SurrogateGradient? surrogate = null, bool resetDelay = true, bool learnBeta = false, bool learnThreshold = false)
        : base(nameof(Leaky), threshold, resetMechanism, surrogate, learnThreshold)
    {
        _beta = RegisterDecay("beta", beta, learnBeta);
        ResetDelay = resetDelay;
    }

    /// <summary>Gets the membrane decay β (a parameter when learnable, otherwise a buffer).</summary>
    public Tensor Beta => _beta;

    /// <summary>Gets a value indicating whether the reset lands one step after the spike.</summary>
    public bool ResetDelay { get; }

    /// <summary>Advances one time step.</summary>
    /// <param name="input">The input current I[t], batch-first (e.g. [B, N]).</param>
    /// <returns>The spikes S[t].</returns>
    public override Tensor forward(Tensor input) => Step(input).Spikes;

    /// <summary>Advances one time step and returns the spikes with the new membrane potential.</summary>
    /// <param name="input">The input current I[t], batch-first (e.g. [B, N]).</param>
    /// <returns>S[t] and U[t]; U[t] is also kept as <see cref="SpikingNeuron.Membrane"/>.</returns>
    /// <exception cref="ArgumentException">The input holds NaN or its shape differs from the held state.</exception>
    public (Tensor Spikes, Tensor Membrane) Step(Tensor input)
    {
        var previous = StateFor(input, Membrane);
        using var reset = ResetSignal(previous);
        using var beta = _beta.clamp(0, 1);
        Tensor membrane;
        switch (ResetMechanism)
        {
            case ResetMechanism.Subtract:
                membrane = beta * previous + input - reset * Threshold;
                break;
            case ResetMechanism.Zero:
                membrane = beta * ((1 - reset) * previous) + input;
                break;
            default:
                membrane = beta * previous + input;
                break;
        }

        (var spikes, membrane) = FireAndReset(membrane, reset, ResetDelay);

        Membrane = membrane;
        return (spikes, membrane);
    }

    /// <inheritdoc/>
    public override void ResetState() => Membrane = null;

    /// <inheritdoc/>
    public override void DetachState() => Membrane = Membrane?.detach();
}
