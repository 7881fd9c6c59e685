namespace Synaptic.ML.Environments.Custom;

/// <summary>
/// Registrations of the project's own environments. Shower, LaneKeeping and the integration task end
/// their episodes themselves (the length is part of the task), so their specs add no time limit, which
/// would truncate or cut a trial a second time; GridWorld has none of its own and gets Gymnasium's usual <c>TimeLimit</c>.
/// </summary>
internal static class CustomRegistrations
{
    /// <summary>GridWorld's time limit, applied by <c>Make</c>.</summary>
    public const int GridWorldMaxEpisodeSteps = 100;

    /// <summary>
    /// Every return of an optimal Shower policy is at least 58 of 60: from the farthest starts
    /// (35 and 41) the first step cannot yet reach [37, 39], and every later one stays there.
    /// </summary>
    public const double ShowerRewardThreshold = 58;

    /// <summary>
    /// 90% correct decisions on Synaptic/Integration-v0 (each episode returns 1 or 0): an integrator
    /// that forgets nothing scores 1, an evidence-blind policy 0.5, and one that knew the hidden sign
    /// about 0.785 with the default options.
    /// </summary>
    public const double IntegrationRewardThreshold = 0.9;

    /// <summary>
    /// The specs and factories. GridWorld and LaneKeeping have no threshold: the solvable return
    /// depends on the maze (tasks change it) and on the curriculum phase (which changes between episodes).
    /// </summary>
    public static IEnumerable<(EnvSpec Spec, Func<Env> Factory)> All =>
    [
        (new EnvSpec(GridWorld.EnvId, GridWorldMaxEpisodeSteps, null), () => new GridWorld()),
        (new EnvSpec(Shower.EnvId, null, ShowerRewardThreshold), () => new Shower()),
        (new EnvSpec(LaneKeeping.EnvId, null, null), () => new LaneKeeping()),
        (new EnvSpec(IntegrationTask.EnvId, null, IntegrationRewardThreshold), () => new IntegrationTask()),
    ];
}
