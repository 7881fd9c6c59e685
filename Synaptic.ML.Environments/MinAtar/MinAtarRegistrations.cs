namespace Synaptic.ML.Environments.MinAtar;

/// <summary>
/// MinAtar's Gymnasium registrations (<c>minatar/gym.py</c>, <c>register_envs</c>) for the games
/// ported so far: <c>MinAtar/{Game}-v0</c> with the full action set and <c>-v1</c> with the minimal
/// one, both with MinAtar's default sticky actions (0.1). MinAtar registers them without
/// <c>max_episode_steps</c> and without a reward threshold, so <c>Make</c> adds no time limit here either.
/// </summary>
internal static class MinAtarRegistrations
{
    public static IEnumerable<(EnvSpec Spec, Func<Env> Factory)> All =>
    [
        (new EnvSpec(Breakout.FullActionsId, MaxEpisodeSteps: null, RewardThreshold: null), () => new Breakout(minimalActions: false)),
        (new EnvSpec(Breakout.MinimalActionsId, MaxEpisodeSteps: null, RewardThreshold: null), () => new Breakout(minimalActions: true)),
    ];
}
