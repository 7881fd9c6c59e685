namespace Synaptic.ML.Environments.ClassicControl;

/// <summary>Gymnasium's classic-control registrations: ids, time limits and reward thresholds as in <c>gymnasium/envs/__init__.py</c>.</summary>
internal static class ClassicControlRegistrations
{
    public static IEnumerable<(EnvSpec Spec, Func<Env> Factory)> All =>
    [
        (new EnvSpec("CartPole-v1", MaxEpisodeSteps: 500, RewardThreshold: 475.0), () => new CartPole()),
        (new EnvSpec("MountainCar-v0", MaxEpisodeSteps: 200, RewardThreshold: -110.0), () => new MountainCar()),
        (new EnvSpec("MountainCarContinuous-v0", MaxEpisodeSteps: 999, RewardThreshold: 90.0), () => new MountainCarContinuous()),
        (new EnvSpec("Pendulum-v1", MaxEpisodeSteps: 200, RewardThreshold: null), () => new Pendulum()),
        (new EnvSpec("Acrobot-v1", MaxEpisodeSteps: 500, RewardThreshold: -100.0), () => new Acrobot()),
    ];
}
