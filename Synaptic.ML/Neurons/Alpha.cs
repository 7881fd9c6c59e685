using Synaptic.ML.Neurons.Surrogates;
using static TorchSharp.torch;

namespace Synaptic.ML.Neurons;

/// <summary>
/// The alpha-function neuron: an excitatory and an inhibitory synaptic current with decays α &gt; β whose
/// difference shapes an alpha kernel, with snnTorch's <c>Alpha</c> semantics:
/// I_exc[t] = α·I_exc[t−1] + X[t], I_inh[t] = β·I_inh[t−1] − X[t], U[t] = τ_α·(I_exc[t] + I_inh[t]),
/// τ_α = ln α / (ln β − ln α) + 1, S[t] = Θ(U[t] − θ).
/// </summary>
/// <remarks>
/// R[t] is the detached spike of U[t−1]. Reset by subtraction removes θ from I_exc, zeroes I_inh and adds
/// the previous I_inh to U; reset to zero (snnTorch's default for this neuron) zeroes all three states.
/// snnTorch's Alpha has no same-step reset option, so neither does this class.
/// </remarks>
public sealed class Alpha : SpikingNeuron
{
    private readonly Tensor _alpha;
    private readonly Tensor _beta;

    /// <summary>Creates an alpha layer with scalar parameters.</summary>
    /// <param name="alpha">The excitatory decay α in [0, 1], greater than β.</param>
    /// <param name="beta">The inhibitory decay β in [0, 1).</param>
    /// <param name="threshold">The threshold θ &gt; 0.</param>
    /// <param name="resetMechanism">How the states are reset after a spike; snnTorch's default is <see cref="ResetMechanism.Zero"/>.</param>
    /// <param name="surrogate">The surrogate gradient; <see langword="null"/> selects <see cref="ArcTan"/>.</param>
    /// <param name="learnAlpha">Whether α is trainable.</param>
    /// <param name="learnBeta">Whether β is trainable.</param>
    /// <param name="learnThreshold">Whether θ is trainable.</param>
    public Alpha(double alpha, double beta, double threshold = 1.0, ResetMechanism resetMechanism = ResetMechanism.Zero,
        SurrogateGradient? surrogate = null, bool learnAlpha = false, bool learnBeta = false, bool learnThreshold = false)
        : this(Scalar(alpha), Scalar(beta), Scalar(threshold), resetMechanism, surrogate, learnAlpha, learnBeta, learnThreshold)
    {
    }

    /// <summary>Creates an alpha layer with tensor parameters (for example one decay per neuron).</summary>
    /// <param name="alpha">The excitatory decay α, every element in [0, 1] and greater than β.</param>
    /// <param name="beta">The inhibitory decay β, every element in [0, 1).</param>
    /// <param name="threshold">The threshold θ, every element &gt; 0.</param>
    /// <param name="resetMechanism">How the states are reset after a spike.</param>
    /// <param name="surrogate">The surrogate gradient; <see langword="null"/> selects <see cref="ArcTan"/>.</param>
    /// <param name="learnAlpha">Whether α is trainable.</param>
    /// <param name="learnBeta">Whether β is trainable.</param>
    /// <param name="learnThreshold">Whether θ is trainable.</param>
    /// <exception cref="ArgumentOutOfRangeException">A decay lies outside [0, 1], α ≤ β, or θ is not strictly positive.</exception>
    public Alpha(Tensor alpha, Tensor beta, Tensor threshold, ResetMechanism resetMechanism = ResetMechanism.Zero,
        SurrogateGradient? surrogate = null, bool learnAlpha = false, bool learnBeta = false, bool learnThreshold = false)
        : base(nameof(Alpha), threshold, resetMechanism, surrogate, learnThreshold)
    {
        _alpha = RegisterDecay("alpha", alpha, learnAlpha);
        _beta = RegisterDecay("beta", beta, learnBeta);
        using (no_grad())
        {
            // τ_α = ln α / (ln β − ln α) + 1 needs α > β (a positive kernel); with α ≤ 1 that also keeps β < 1,
            // so the ratio stays finite.
            if (!_alpha.gt(_beta).all().item<bool>())
                throw new ArgumentOutOfRangeException(nameof(alpha), $"alpha {Describe(alpha)}, beta {Describe(beta)}", "The excitatory decay alpha must be greater than the inhibitory decay beta.");
        }
    }

    /// <summary>Gets the excitatory decay α.</summary>
    public Tensor AlphaDecay => _alpha;

    /// <summary>Gets the inhibitory decay β.</summary>
    public Tensor Beta => _beta;

    /// <summary>Gets the excitatory current after the last step, or <see langword="null"/> before the first.</summary>
    public Tensor? ExcitatoryCurrent { get; private set; }

    /// <summary>Gets the inhibitory current after the last step, or <see langword="null"/> before the first.</summary>
    public Tensor? InhibitoryCurrent { get; private set; }

    /// <summary>Advances one time step.</summary>
    /// <param name="input">The input X[t], batch-first (e.g. [B, N]).</param>
    /// <returns>The spikes S[t].</returns>
    public override Tensor forward(Tensor input) => Step(input).Spikes;

    /// <summary>Advances one time step and returns the spikes with the new states.</summary>
    /// <param name="input">The input X[t], batch-first (e.g. [B, N]).</param>
    /// <returns>S[t], I_exc[t], I_inh[t] and U[t]; the states are also kept on the module.</returns>
    /// <exception cref="ArgumentException">The input holds NaN or its shape differs from the held state.</exception>
    public (Tensor Spikes, Tensor ExcitatoryCurrent, Tensor InhibitoryCurrent, Tensor Membrane) Step(Tensor input)
    {
        var previousMembrane = StateFor(input, Membrane);
        var previousExcitatory = ExcitatoryCurrent ?? zeros_like(input);
        var previousInhibitory = InhibitoryCurrent ?? zeros_like(input);
        using var reset = ResetSignal(previousMembrane);
        using var alpha = _alpha.clamp(0, 1);
        using var beta = _beta.clamp(0, 1);
        using var logAlpha = alpha.log();
        var tau = logAlpha / (beta.log() - logAlpha) + 1;

        var excitatory = alpha * previousExcitatory + input;
        var inhibitory = beta * previousInhibitory - input;
        var membrane = tau * (excitatory + inhibitory);
        switch (ResetMechanism)
        {
            case ResetMechanism.Subtract:
                excitatory = excitatory - Threshold * reset;
                inhibitory = inhibitory - inhibitory * reset;
                membrane = membrane + previousInhibitory * reset;
                break;
            case ResetMechanism.Zero:
                excitatory = excitatory - excitatory * reset;
                inhibitory = inhibitory - inhibitory * reset;
                membrane = membrane - membrane * reset;
                break;
        }

        var spikes = Fire(membrane);
        ExcitatoryCurrent = excitatory;
        InhibitoryCurrent = inhibitory;
        Membrane = membrane;
        return (spikes, excitatory, inhibitory, membrane);
    }

    /// <inheritdoc/>
    public override void ResetState()
    {
        ExcitatoryCurrent = null;
        InhibitoryCurrent = null;
        Membrane = null;
    }

    /// <inheritdoc/>
    public override void DetachState()
    {
        ExcitatoryCurrent = ExcitatoryCurrent?.detach();
        InhibitoryCurrent = InhibitoryCurrent?.detach();
        Membrane = Membrane?.detach();
    }
}
