using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The policy-gradient losses as functions of tensors, so that the on-policy trainers and a meta-learner
/// (MAML's inner loop) compute them the same way. Each returns the loss to minimise and its parts.
/// </summary>
public static class PolicyGradientLosses
{
    /// <summary>
    /// REINFORCE / A2C's policy loss −mean(log π(a|s)·Â) (Williams, 1992; Mnih et al., 2016).
    /// </summary>
    /// <param name="logProbabilities">log π(a|s) of the taken actions, [B].</param>
    /// <param name="advantages">Â, [B] (returns, or returns minus a baseline).</param>
    /// <returns>The policy loss (a scalar).</returns>
    public static Tensor PolicyGradient(Tensor logProbabilities, Tensor advantages) => -(logProbabilities * advantages).mean();

    /// <summary>
    /// PPO's clipped surrogate −mean(min(r·Â, clip(r, 1 − ε, 1 + ε)·Â)) with r = exp(log π − log π_old)
    /// (Schulman et al., 2017).
    /// </summary>
    /// <param name="logProbabilities">log π(a|s) under the current policy, [B].</param>
    /// <param name="oldLogProbabilities">log π_old(a|s) when the actions were taken, [B].</param>
    /// <param name="advantages">Â, [B].</param>
    /// <param name="clipRange">ε.</param>
    /// <returns>The loss, the ratio r and log r (for the KL estimate and the clip fraction).</returns>
    public static (Tensor Loss, Tensor Ratio, Tensor LogRatio) ClippedSurrogate(Tensor logProbabilities, Tensor oldLogProbabilities, Tensor advantages, double clipRange)
    {
        var logRatio = logProbabilities - oldLogProbabilities;
        var ratio = logRatio.exp();
        var unclipped = ratio * advantages;
        var clipped = ratio.clamp(1 - clipRange, 1 + clipRange) * advantages;
        return (-minimum(unclipped, clipped).mean(), ratio, logRatio);
    }

    /// <summary>The value loss mean((V(s) − R)²), optionally with V clipped to within ±<paramref name="clipRange"/> of the old values (PPO's value clipping, as Stable-Baselines3).</summary>
    /// <param name="values">V(s), [B].</param>
    /// <param name="returns">R, [B].</param>
    /// <param name="oldValues">V_old(s), [B]; used only with <paramref name="clipRange"/>.</param>
    /// <param name="clipRange">The clip, or null for none.</param>
    /// <returns>The value loss (a scalar).</returns>
    public static Tensor ValueLoss(Tensor values, Tensor returns, Tensor? oldValues = null, double? clipRange = null)
    {
        var predicted = values;
        if (clipRange is double clip)
        {
            ArgumentNullException.ThrowIfNull(oldValues);
            predicted = oldValues + (values - oldValues).clamp(-clip, clip);
        }
        return nn.functional.mse_loss(predicted, returns);
    }

    /// <summary>Schulman's low-variance estimate of KL(π_old ‖ π): mean((r − 1) − log r).</summary>
    /// <param name="ratio">r, [B].</param>
    /// <param name="logRatio">log r, [B].</param>
    /// <returns>The estimate (a scalar).</returns>
    public static Tensor ApproximateKl(Tensor ratio, Tensor logRatio) => ((ratio - 1) - logRatio).mean();
}
