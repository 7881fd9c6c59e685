using Synaptic.ML.Environments;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Runs a policy for whole episodes: episode j starts with <c>Reset(seed + j)</c>, so results do not depend on
/// how episodes are spread over environments. The batched form steps several environments at once and asks
/// the policy for all their actions in one call.
/// </summary>
internal static class PolicyEvaluator
{
    /// <summary>Acts for a batch: observations [B·obs] → environment actions [B·act]; row b runs in environment slots[b].</summary>
    public delegate void BatchPolicy(ReadOnlySpan<float> observations, int batch, Span<float> actions, ReadOnlySpan<int> slots);

    public static PolicyEvaluation Run(Env env, IEpisodicPolicy policy, int episodes, int seed, double? successThreshold, int maxSteps = 1_000_000)
    {
        Check(env, episodes);
        var returns = new double[episodes];
        var lengths = new int[episodes];
        var observation = new float[env.ObservationSpace.Size];
        var action = new float[env.ActionSpace.Size];
        for (var j = 0; j < episodes; j++)
        {
            env.Reset(observation, seed + j);
            policy.StartEpisode();
            var done = false;
            while (!done)
            {
                policy.Act(observation, action);
                var outcome = env.Step(action, observation);
                returns[j] += outcome.Reward;
                lengths[j]++;
                done = outcome.Done;
                if (lengths[j] >= maxSteps)
                    throw new InvalidOperationException($"Evaluation episode {j} of {env.Id} ran {maxSteps} steps without ending; wrap the environment in a TimeLimit.");
            }
        }
        return new PolicyEvaluation(returns, lengths, successThreshold ?? env.Spec?.RewardThreshold);
    }

    /// <summary>
    /// Runs episodes on up to <paramref name="environments"/> environments at once; <paramref name="startEpisode"/>
    /// (environment index) is called at every reset, for policies with per-episode state.
    /// </summary>
    public static PolicyEvaluation RunBatched(Func<Env> factory, BatchPolicy policy, int episodes, int seed, double? successThreshold, int environments,
        Action<int>? startEpisode = null, int maxSteps = 1_000_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(environments);
        var envs = Enumerable.Range(0, Math.Min(environments, episodes)).Select(_ => factory()).ToArray();
        Check(envs[0], episodes);
        var obsSize = envs[0].ObservationSpace.Size;
        var actSize = envs[0].ActionSpace.Size;
        var returns = new double[episodes];
        var lengths = new int[episodes];
        var episodeOf = new int[envs.Length];
        var observations = new float[envs.Length * obsSize];
        var batch = new float[envs.Length * obsSize];
        var actions = new float[envs.Length * actSize];
        var slots = new int[envs.Length];
        var next = 0;
        for (var i = 0; i < envs.Length; i++)
        {
            episodeOf[i] = next;
            envs[i].Reset(observations.AsSpan(i * obsSize, obsSize), seed + next++);
            startEpisode?.Invoke(i);
        }
        var running = envs.Length;
        while (running > 0)
        {
            var b = 0;
            for (var i = 0; i < envs.Length; i++)
            {
                if (episodeOf[i] < 0)
                    continue;
                observations.AsSpan(i * obsSize, obsSize).CopyTo(batch.AsSpan(b * obsSize, obsSize));
                slots[b++] = i;
            }
            policy(batch.AsSpan(0, b * obsSize), b, actions.AsSpan(0, b * actSize), slots.AsSpan(0, b));
            for (var s = 0; s < b; s++)
            {
                var i = slots[s];
                var j = episodeOf[i];
                var outcome = envs[i].Step(actions.AsSpan(s * actSize, actSize), observations.AsSpan(i * obsSize, obsSize));
                returns[j] += outcome.Reward;
                lengths[j]++;
                if (lengths[j] >= maxSteps && !outcome.Done)
                    throw new InvalidOperationException($"Evaluation episode {j} of {envs[i].Id} ran {maxSteps} steps without ending; wrap the environment in a TimeLimit.");
                if (!outcome.Done)
                    continue;
                if (next < episodes)
                {
                    episodeOf[i] = next;
                    envs[i].Reset(observations.AsSpan(i * obsSize, obsSize), seed + next++);
                    startEpisode?.Invoke(i);
                }
                else
                {
                    episodeOf[i] = -1;
                    running--;
                }
            }
        }
        foreach (var env in envs)
            (env as IDisposable)?.Dispose();
        return new PolicyEvaluation(returns, lengths, successThreshold ?? envs[0].Spec?.RewardThreshold);
    }

    private static void Check(Env env, int episodes)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodes);
    }
}
