using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The deep Q-learning target and loss shared by the DQN family: y = r + γ·(1 − terminated)·Q′(s′, a*), a* from the
/// target network (DQN) or from the online network (double DQN), and the Huber or squared error of Q(s, a) − y,
/// averaged over the entries a mask keeps.
/// </summary>
internal static class TemporalDifference
{
    /// <summary>y from rewards, continuation flags and next-state values (no gradient flows into y).</summary>
    /// <param name="reward">r.</param>
    /// <param name="continues">1 − terminated.</param>
    /// <param name="nextTarget">Q′(s′, ·) of the target network, actions last.</param>
    /// <param name="nextOnline">Q(s′, ·) of the online network for double DQN, or null.</param>
    /// <param name="gamma">γ.</param>
    public static Tensor Target(Tensor reward, Tensor continues, Tensor nextTarget, Tensor? nextOnline, double gamma)
    {
        using var scope = no_grad();
        var last = nextTarget.dim() - 1;
        var bootstrap = nextOnline is not null
            ? nextTarget.gather(last, nextOnline.argmax(last, keepdim: true)).squeeze(last)
            : nextTarget.max(last).values;
        // γ as a scalar held in a variable for the native call (see AdamOptimizer's remarks).
        using var discount = gamma.ToScalar();
        return reward + continues.mul(discount) * bootstrap;
    }

    /// <summary>Q(s, a) of the taken actions from Q(s, ·) (actions last).</summary>
    public static Tensor Taken(Tensor q, Tensor action)
    {
        var last = q.dim() - 1;
        return q.gather(last, action.unsqueeze(last)).squeeze(last);
    }

    /// <summary>The mean loss of q − y (Huber with δ = 1 or squared) over all entries, or over those where <paramref name="mask"/> is 1.</summary>
    public static Tensor Loss(Tensor q, Tensor target, bool huber, Tensor? mask)
    {
        if (mask is null)
            return huber ? nn.functional.smooth_l1_loss(q, target) : nn.functional.mse_loss(q, target);
        var each = huber
            ? nn.functional.smooth_l1_loss(q, target, reduction: nn.Reduction.None)
            : nn.functional.mse_loss(q, target, reduction: nn.Reduction.None);
        return (each * mask).sum() / mask.sum();
    }

    /// <summary>Mean |q − y| and mean q (detached), over all entries or the masked ones.</summary>
    public static (Tensor MeanAbsoluteError, Tensor MeanQ) Statistics(Tensor q, Tensor target, Tensor? mask)
    {
        var detached = q.detach();
        if (mask is null)
            return ((detached - target).abs().mean(), detached.mean());
        var count = mask.sum();
        return (((detached - target).abs() * mask).sum() / count, (detached * mask).sum() / count);
    }
}
