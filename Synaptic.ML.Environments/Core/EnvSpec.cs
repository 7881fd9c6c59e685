namespace Synaptic.ML.Environments;

/// <summary>
/// The registration of an environment id, as Gymnasium's <c>EnvSpec</c>: <c>Make</c> applies the
/// time limit from <see cref="MaxEpisodeSteps"/>.
/// </summary>
/// <param name="Id">Versioned id, e.g. "CartPole-v1".</param>
/// <param name="MaxEpisodeSteps">Steps after which <c>Make</c>'s time limit truncates; null for none.</param>
/// <param name="RewardThreshold">Mean return at which the task counts as solved; null if undefined.</param>
public sealed record EnvSpec(string Id, int? MaxEpisodeSteps, double? RewardThreshold);
