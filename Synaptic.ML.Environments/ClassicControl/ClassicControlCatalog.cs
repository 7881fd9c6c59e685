using Synaptic.ML.Environments;

namespace Synaptic.ML;

/// <summary>
/// Gymnasium's classic-control environments on <c>mlContext.Synaptic().Environments</c>, each made
/// from the registry with its time limit, as <c>gym.make(id)</c>.
/// </summary>
/// <example>
/// <code>
/// var env = new MLContext().Synaptic().Environments.CartPole();
/// var observation = env.Reset(seed: 42);
/// var step = env.Step(1);
/// </code>
/// </example>
public static class ClassicControlCatalog
{
    /// <summary>CartPole-v1 (500 steps, reward threshold 475).</summary>
    /// <param name="catalog">The environments catalog.</param>
    /// <returns>A <see cref="Environments.ClassicControl.CartPole"/> in its time limit.</returns>
    public static Env CartPole(this SynapticEnvironmentsCatalog catalog) => Make(catalog, "CartPole-v1");

    /// <summary>MountainCar-v0 (200 steps, reward threshold −110).</summary>
    /// <param name="catalog">The environments catalog.</param>
    /// <returns>A <see cref="Environments.ClassicControl.MountainCar"/> in its time limit.</returns>
    public static Env MountainCar(this SynapticEnvironmentsCatalog catalog) => Make(catalog, "MountainCar-v0");

    /// <summary>MountainCarContinuous-v0 (999 steps, reward threshold 90).</summary>
    /// <param name="catalog">The environments catalog.</param>
    /// <returns>A <see cref="Environments.ClassicControl.MountainCarContinuous"/> in its time limit.</returns>
    public static Env MountainCarContinuous(this SynapticEnvironmentsCatalog catalog) => Make(catalog, "MountainCarContinuous-v0");

    /// <summary>Pendulum-v1 (200 steps, no reward threshold), with g = 10.</summary>
    /// <param name="catalog">The environments catalog.</param>
    /// <returns>A <see cref="Environments.ClassicControl.Pendulum"/> in its time limit.</returns>
    public static Env Pendulum(this SynapticEnvironmentsCatalog catalog) => Make(catalog, "Pendulum-v1");

    /// <summary>Acrobot-v1 (500 steps, reward threshold −100).</summary>
    /// <param name="catalog">The environments catalog.</param>
    /// <returns>An <see cref="Environments.ClassicControl.Acrobot"/> in its time limit.</returns>
    public static Env Acrobot(this SynapticEnvironmentsCatalog catalog) => Make(catalog, "Acrobot-v1");

    private static Env Make(SynapticEnvironmentsCatalog catalog, string id)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return EnvRegistry.Make(id);
    }
}
