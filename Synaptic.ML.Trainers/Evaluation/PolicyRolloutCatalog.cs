using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Trainers;

namespace Synaptic.ML;

/// <summary>
/// Rollouts of a trained <see cref="PolicyTransformer"/> on <c>mlContext.Synaptic().Data</c>, without <c>AsPolicy()</c>.
/// </summary>
public static class PolicyRolloutCatalog
{
    /// <summary>
    /// Plays <paramref name="episodes"/> episodes of <paramref name="env"/> with <paramref name="policy"/> and records every
    /// transition; episode e starts with <c>Reset(seed + e)</c>. Each call runs the policy with its own episode state and
    /// (for a policy made with <see cref="PolicyTransformer.WithSampling"/>) its own generator seeded from
    /// <see cref="PolicyTransformer.Seed"/>, so the same call gives the same rollout and a stateful policy starts over at
    /// every reset — the same as passing <see cref="PolicyTransformer.AsEpisodicPolicy"/>.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="env">The environment (with its time limit).</param>
    /// <param name="policy">The trained policy.</param>
    /// <param name="episodes">Number of episodes, zero or more.</param>
    /// <param name="seed">Seed of the first episode.</param>
    /// <param name="maxStepsPerEpisode">Safety limit for environments without a time limit.</param>
    /// <returns>The episode data as an <see cref="IDataView"/>.</returns>
    /// <exception cref="ArgumentException">The environment's observations or actions have other sizes than the policy's.</exception>
    public static IDataView Rollout(this SynapticDataCatalog catalog, Env env, PolicyTransformer policy, int episodes = 1, int seed = 0, int maxStepsPerEpisode = 100_000) =>
        catalog.Record(env, policy, episodes, seed, maxStepsPerEpisode).ToDataView(catalog.Context);

    /// <summary>
    /// Like <see cref="Rollout(SynapticDataCatalog, Env, PolicyTransformer, int, int, int)"/>, returning the recorded
    /// <see cref="EpisodeData"/> itself (for <see cref="EpisodeData.ToDataFrame"/> and <see cref="EpisodeData.Summaries"/>).
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="env">The environment (with its time limit).</param>
    /// <param name="policy">The trained policy.</param>
    /// <param name="episodes">Number of episodes, zero or more.</param>
    /// <param name="seed">Seed of the first episode.</param>
    /// <param name="maxStepsPerEpisode">Safety limit for environments without a time limit.</param>
    /// <returns>The transitions.</returns>
    /// <exception cref="ArgumentException">The environment's observations or actions have other sizes than the policy's.</exception>
    public static EpisodeData Record(this SynapticDataCatalog catalog, Env env, PolicyTransformer policy, int episodes = 1, int seed = 0, int maxStepsPerEpisode = 100_000)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(policy);
        TrainersCatalog.CheckSizes(policy, env);
        return catalog.Record(env, policy.AsEpisodicPolicy(), episodes, seed, maxStepsPerEpisode);
    }
}
