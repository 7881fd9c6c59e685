using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Vector;

namespace Synaptic.ML;

/// <summary>Vector environments on <c>mlContext.Synaptic().Environments</c>.</summary>
public static class VectorCatalog
{
    /// <summary>
    /// Creates <paramref name="numEnvs"/> copies of a registered environment (each with its time
    /// limit) stepped together, as Gymnasium's <c>make_vec</c>.
    /// </summary>
    /// <param name="catalog">The environments catalog.</param>
    /// <param name="id">A registered id, e.g. "CartPole-v1".</param>
    /// <param name="numEnvs">Number of copies, positive.</param>
    /// <param name="autoresetMode">When finished copies restart.</param>
    /// <param name="parallel">Step the copies on worker threads (<see cref="ParallelVectorEnv"/>) rather than the calling thread (<see cref="SyncVectorEnv"/>).</param>
    /// <returns>The vector environment; dispose it.</returns>
    /// <exception cref="ArgumentException">Unknown id; the message lists the known ones.</exception>
    public static VectorEnv MakeVector(this SynapticEnvironmentsCatalog catalog, string id, int numEnvs,
        AutoresetMode autoresetMode = AutoresetMode.NextStep, bool parallel = false)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        EnvRegistry.Spec(id);
        Env Factory() => EnvRegistry.Make(id);
        return parallel ? new ParallelVectorEnv(Factory, numEnvs, autoresetMode) : new SyncVectorEnv(Factory, numEnvs, autoresetMode);
    }
}
