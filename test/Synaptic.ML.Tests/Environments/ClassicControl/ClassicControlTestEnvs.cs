using Synaptic.ML.Environments.ClassicControl;

namespace Synaptic.ML.Tests.Environments.ClassicControl;

/// <summary>The classic-control environments by id, made directly (the registry is wired at integration).</summary>
internal static class ClassicControlTestEnvs
{
    public static readonly string[] Ids = ["CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1", "Acrobot-v1"];

    public static ClassicControlEnv Create(string id) => id switch
    {
        "CartPole-v1" => new CartPole(),
        "MountainCar-v0" => new MountainCar(),
        "MountainCarContinuous-v0" => new MountainCarContinuous(),
        "Pendulum-v1" => new Pendulum(),
        "Acrobot-v1" => new Acrobot(),
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Not a classic-control id."),
    };
}
