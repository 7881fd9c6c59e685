namespace Synaptic.ML.Trainers;

/// <summary>
/// Return and advantage estimators over rollouts stored step-major: entry t·N + i is step t of
/// sub-environment i.
/// </summary>
public static class Advantages
{
    /// <summary>
    /// Generalized advantage estimation (Schulman et al., 2016): δₜ = rₜ + γ(1 − dₜ)V(sₜ₊₁) − V(sₜ),
    /// Aₜ = δₜ + γλ(1 − dₜ)Aₜ₊₁, where dₜ says the episode ended at step t. λ = 1 gives n-step returns minus the
    /// baseline, λ = 0 one-step TD errors. The returns written are Aₜ + V(sₜ).
    /// </summary>
    /// <param name="rewards">Rewards, [T·N] (with any truncation bootstrap already added).</param>
    /// <param name="values">V(sₜ), [T·N].</param>
    /// <param name="episodeEnded">Whether the episode ended at the step (terminated or truncated), [T·N].</param>
    /// <param name="lastValues">V of the observation after the last step, [N].</param>
    /// <param name="gamma">Discount γ.</param>
    /// <param name="lambda">GAE λ.</param>
    /// <param name="advantages">Destination, [T·N].</param>
    /// <param name="returns">Destination, [T·N].</param>
    public static void Gae(ReadOnlySpan<float> rewards, ReadOnlySpan<float> values, ReadOnlySpan<bool> episodeEnded, ReadOnlySpan<float> lastValues,
        double gamma, double lambda, Span<float> advantages, Span<float> returns)
    {
        var n = lastValues.Length;
        if (n == 0 || rewards.Length % n != 0 || values.Length != rewards.Length || episodeEnded.Length != rewards.Length
            || advantages.Length != rewards.Length || returns.Length != rewards.Length)
            throw new ArgumentException($"Inconsistent rollout sizes: {rewards.Length} rewards, {values.Length} values, {episodeEnded.Length} flags, {lastValues.Length} environments.");
        var steps = rewards.Length / n;
        for (var i = 0; i < n; i++)
        {
            var next = 0.0;
            var nextValue = (double)lastValues[i];
            for (var t = steps - 1; t >= 0; t--)
            {
                var k = t * n + i;
                var live = episodeEnded[k] ? 0.0 : 1.0;
                var delta = rewards[k] + gamma * live * nextValue - values[k];
                next = delta + gamma * lambda * live * next;
                advantages[k] = (float)next;
                returns[k] = (float)(next + values[k]);
                nextValue = values[k];
            }
        }
    }

    /// <summary>
    /// Discounted returns to the end of each episode, Gₜ = rₜ + γGₜ₊₁, restarting where an episode ended; a
    /// rollout's unfinished tail is treated as ending after its last step.
    /// </summary>
    /// <param name="rewards">Rewards, [T·N].</param>
    /// <param name="episodeEnded">Episode-end flags, [T·N].</param>
    /// <param name="environments">N.</param>
    /// <param name="gamma">Discount γ.</param>
    /// <param name="returns">Destination, [T·N].</param>
    public static void DiscountedReturns(ReadOnlySpan<float> rewards, ReadOnlySpan<bool> episodeEnded, int environments, double gamma, Span<float> returns)
    {
        if (environments <= 0 || rewards.Length % environments != 0 || episodeEnded.Length != rewards.Length || returns.Length != rewards.Length)
            throw new ArgumentException($"Inconsistent rollout sizes: {rewards.Length} rewards, {episodeEnded.Length} flags, {environments} environments.");
        var steps = rewards.Length / environments;
        for (var i = 0; i < environments; i++)
        {
            var next = 0.0;
            for (var t = steps - 1; t >= 0; t--)
            {
                var k = t * environments + i;
                if (episodeEnded[k])
                    next = 0.0;
                next = rewards[k] + gamma * next;
                returns[k] = (float)next;
            }
        }
    }

    /// <summary>Standardizes in place to mean 0 and standard deviation 1 (+1e-8), as Stable-Baselines3 does.</summary>
    /// <param name="values">The values.</param>
    public static void Normalize(Span<float> values)
    {
        if (values.Length == 0)
            return;
        double mean = 0;
        foreach (var v in values)
            mean += v;
        mean /= values.Length;
        double variance = 0;
        foreach (var v in values)
            variance += (v - mean) * (v - mean);
        var std = Math.Sqrt(variance / Math.Max(1, values.Length - 1));
        for (var i = 0; i < values.Length; i++)
            values[i] = (float)((values[i] - mean) / (std + 1e-8));
    }
}
