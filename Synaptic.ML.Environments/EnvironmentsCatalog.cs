using Synaptic.ML.Environments;

namespace Synaptic.ML;

/// <summary>Environments on <c>mlContext.Synaptic().Environments</c>.</summary>
public static class EnvironmentsCatalog
{
    /// <summary>Creates a registered environment by id, with its time limit, as Gymnasium's <c>gym.make</c>.</summary>
    /// <param name="catalog">The environments catalog.</param>
    /// <param name="id">A registered id, e.g. "CartPole-v1".</param>
    /// <returns>The environment.</returns>
    /// <exception cref="ArgumentException">Unknown id; the message lists the known ones.</exception>
    public static Env Make(this SynapticEnvironmentsCatalog catalog, string id)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return EnvRegistry.Make(id);
    }
}
