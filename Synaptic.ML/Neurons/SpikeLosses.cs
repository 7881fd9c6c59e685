using static TorchSharp.torch;

namespace Synaptic.ML.Neurons;

/// <summary>
/// Classification losses over an output layer's recording, with the semantics of snnTorch's
/// <c>snntorch.functional</c> losses: spikes or membrane potentials are time-first [T, B, C], targets are class
/// indices [B] (int64), and every loss is the batch mean.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="CrossEntropyCount"/> — <c>ce_count_loss</c>: cross-entropy of the spike counts Σ_t S[t] taken as logits.</item>
/// <item><see cref="CrossEntropyRate"/> — <c>ce_rate_loss</c>: cross-entropy of S[t] as logits at every step, averaged over the T steps.</item>
/// <item><see cref="CrossEntropyMaxMembrane"/> — <c>ce_max_membrane_loss</c>: cross-entropy of max_t U[t] as logits.</item>
/// <item><see cref="MseCount"/> — <c>mse_count_loss</c>: mean squared error between Σ_t S[t] and target counts ⌊T·rate⌋ (the correct
/// class's rate, the others'), divided by T.</item>
/// <item><see cref="MseMembrane"/> — <c>mse_membrane_loss</c>: mean squared error between U[t] and the on/off targets at every step, averaged over T.</item>
/// </list>
/// The spike losses are differentiable through the neurons' surrogate gradients.
/// </remarks>
public static class SpikeLosses
{
    /// <summary>Cross-entropy of the spike counts (snnTorch's <c>ce_count_loss</c>).</summary>
    /// <param name="spikes">Output spikes [T, B, C].</param>
    /// <param name="targets">Class indices [B], int64.</param>
    /// <returns>The scalar loss.</returns>
    public static Tensor CrossEntropyCount(Tensor spikes, Tensor targets)
    {
        Check(spikes, targets, nameof(spikes));
        using var scope = NewDisposeScope();
        return nn.functional.cross_entropy(spikes.sum(0L), targets).MoveToOuterDisposeScope();
    }

    /// <summary>Cross-entropy at every time step, averaged over the steps (snnTorch's <c>ce_rate_loss</c>).</summary>
    /// <param name="spikes">Output spikes [T, B, C].</param>
    /// <param name="targets">Class indices [B], int64.</param>
    /// <returns>The scalar loss.</returns>
    public static Tensor CrossEntropyRate(Tensor spikes, Tensor targets)
    {
        Check(spikes, targets, nameof(spikes));
        using var scope = NewDisposeScope();
        var steps = spikes.shape[0];
        var classes = spikes.shape[2];
        // The mean over T·B of the per-sample, per-step losses equals the mean over T of the per-step batch means.
        var perStepTargets = targets.unsqueeze(0).expand(steps, -1).reshape(-1);
        return nn.functional.cross_entropy(spikes.reshape(-1, classes), perStepTargets).MoveToOuterDisposeScope();
    }

    /// <summary>Cross-entropy of the peak membrane potential over time (snnTorch's <c>ce_max_membrane_loss</c>).</summary>
    /// <param name="membrane">Output membrane potentials [T, B, C].</param>
    /// <param name="targets">Class indices [B], int64.</param>
    /// <returns>The scalar loss.</returns>
    public static Tensor CrossEntropyMaxMembrane(Tensor membrane, Tensor targets)
    {
        Check(membrane, targets, nameof(membrane));
        using var scope = NewDisposeScope();
        return nn.functional.cross_entropy(membrane.max(0L).values, targets).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Mean squared error between spike counts and target counts, divided by T (snnTorch's <c>mse_count_loss</c>):
    /// the correct class should fire ⌊T·<paramref name="correctRate"/>⌋ times, the others ⌊T·<paramref name="incorrectRate"/>⌋.
    /// </summary>
    /// <param name="spikes">Output spikes [T, B, C].</param>
    /// <param name="targets">Class indices [B], int64.</param>
    /// <param name="correctRate">Target firing rate of the correct class, in [0, 1]. snnTorch's default is 1.</param>
    /// <param name="incorrectRate">Target firing rate of the other classes, in [0, 1]. snnTorch's default is 0.</param>
    /// <returns>The scalar loss.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A rate is outside [0, 1].</exception>
    public static Tensor MseCount(Tensor spikes, Tensor targets, double correctRate = 1, double incorrectRate = 0)
    {
        Check(spikes, targets, nameof(spikes));
        CheckRate(correctRate, nameof(correctRate));
        CheckRate(incorrectRate, nameof(incorrectRate));
        using var scope = NewDisposeScope();
        var steps = spikes.shape[0];
        // snnTorch truncates the target counts to integers: int(num_steps * rate).
        var on = Math.Floor(steps * correctRate);
        var off = Math.Floor(steps * incorrectRate);
        var target = OnOffTargets(targets, spikes.shape[2], on, off, spikes.dtype);
        return (nn.functional.mse_loss(spikes.sum(0L), target) / steps).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Mean squared error between the membrane potential and on/off targets at every step, averaged over the steps
    /// (snnTorch's <c>mse_membrane_loss</c> with targets constant in time).
    /// </summary>
    /// <param name="membrane">Output membrane potentials [T, B, C].</param>
    /// <param name="targets">Class indices [B], int64.</param>
    /// <param name="onTarget">Target potential of the correct class. snnTorch's default is 1.</param>
    /// <param name="offTarget">Target potential of the other classes. snnTorch's default is 0.</param>
    /// <returns>The scalar loss.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A target is not finite.</exception>
    public static Tensor MseMembrane(Tensor membrane, Tensor targets, double onTarget = 1, double offTarget = 0)
    {
        Check(membrane, targets, nameof(membrane));
        if (!double.IsFinite(onTarget))
            throw new ArgumentOutOfRangeException(nameof(onTarget), onTarget, $"The on-target potential is {onTarget}; it must be finite.");
        if (!double.IsFinite(offTarget))
            throw new ArgumentOutOfRangeException(nameof(offTarget), offTarget, $"The off-target potential is {offTarget}; it must be finite.");
        using var scope = NewDisposeScope();
        var target = OnOffTargets(targets, membrane.shape[2], onTarget, offTarget, membrane.dtype);
        // Every step's batch mean has the same number of elements, so the mean over all steps is their average.
        return nn.functional.mse_loss(membrane, target.unsqueeze(0).expand_as(membrane)).MoveToOuterDisposeScope();
    }

    /// <summary>[B, C] with <paramref name="on"/> at each sample's class and <paramref name="off"/> elsewhere.</summary>
    private static Tensor OnOffTargets(Tensor targets, long classes, double on, double off, ScalarType type) =>
        nn.functional.one_hot(targets, classes).to(type) * (on - off) + off;

    private static void Check(Tensor recording, Tensor targets, string name)
    {
        ArgumentNullException.ThrowIfNull(recording, name);
        ArgumentNullException.ThrowIfNull(targets);
        if (recording.dim() != 3)
            throw new ArgumentException($"The recording must be time-first [T, B, C]; it has shape [{string.Join(", ", recording.shape)}].", name);
        if (targets.dim() != 1 || targets.shape[0] != recording.shape[1])
            throw new ArgumentException(
                $"The targets must be class indices [B] = [{recording.shape[1]}]; they have shape [{string.Join(", ", targets.shape)}].", nameof(targets));
        if (targets.dtype != ScalarType.Int64)
            throw new ArgumentException($"The targets must be int64 class indices; they are {targets.dtype}.", nameof(targets));
    }

    private static void CheckRate(double rate, string name)
    {
        if (!(rate is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(name, rate, $"The target firing rate {name} is {rate}; it must be in [0, 1].");
    }
}
