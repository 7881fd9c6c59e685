namespace Synaptic.ML.Environments.ToyText;

/// <summary>
/// Registry entries of the toy-text environments, with Gymnasium's time limits and reward
/// thresholds (CliffWalking has neither in Gymnasium).
/// </summary>
internal static class ToyTextRegistrations
{
    public static IEnumerable<(EnvSpec Spec, Func<Env> Factory)> All =>
    [
        (new EnvSpec("Taxi-v3", MaxEpisodeSteps: 200, RewardThreshold: 8), () => new Taxi()),
        (new EnvSpec("FrozenLake-v1", MaxEpisodeSteps: 100, RewardThreshold: 0.70), () => new FrozenLake("4x4")),
        (new EnvSpec("FrozenLake8x8-v1", MaxEpisodeSteps: 200, RewardThreshold: 0.85), () => new FrozenLake("8x8")),
        (new EnvSpec("CliffWalking-v1", MaxEpisodeSteps: null, RewardThreshold: null), () => new CliffWalking()),
        (new EnvSpec("CliffWalkingSlippery-v1", MaxEpisodeSteps: null, RewardThreshold: null), () => new CliffWalking(isSlippery: true)),
    ];
}
