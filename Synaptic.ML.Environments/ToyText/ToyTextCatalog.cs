using Synaptic.ML.Environments;
using Synaptic.ML.Environments.ToyText;
using Synaptic.ML.Environments.Wrappers;

namespace Synaptic.ML;

/// <summary>The toy-text environments on <c>mlContext.Synaptic().Environments</c>, each with its registered time limit.</summary>
/// <example>
/// <code>
/// var env = new MLContext().Synaptic().Environments.FrozenLake("8x8", isSlippery: false);
/// var observation = env.Reset(seed: 0);
/// </code>
/// </example>
public static class ToyTextCatalog
{
    /// <summary>Creates Taxi-v3 with its 200-step time limit.</summary>
    /// <param name="catalog">The environments catalog.</param>
    /// <returns>The environment (a <see cref="TimeLimit"/> around a <see cref="Environments.ToyText.Taxi"/>).</returns>
    public static Env Taxi(this SynapticEnvironmentsCatalog catalog) => Make(catalog, "Taxi-v3");

    /// <summary>
    /// Creates FrozenLake with the given options and the time limit of the matching registration:
    /// 200 steps for the predefined "8x8" map (FrozenLake8x8-v1), else 100 (FrozenLake-v1).
    /// </summary>
    /// <param name="catalog">The environments catalog.</param>
    /// <param name="mapName">"4x4" or "8x8"; ignored when <paramref name="map"/> is given.</param>
    /// <param name="isSlippery">Whether moves may slip perpendicular to the intended direction.</param>
    /// <param name="map">Custom map rows of S, F, H, G (see <see cref="FrozenLakeMaps.GenerateRandom"/> for random ones).</param>
    /// <returns>The environment (a <see cref="TimeLimit"/> around a <see cref="Environments.ToyText.FrozenLake"/>).</returns>
    /// <exception cref="ArgumentException">Unknown map name or invalid map; the message says what is wrong.</exception>
    public static Env FrozenLake(this SynapticEnvironmentsCatalog catalog, string mapName = "4x4", bool isSlippery = true, IReadOnlyList<string>? map = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var env = new Environments.ToyText.FrozenLake(mapName, isSlippery, map);
        return EnvRegistry.Make(env.Id, () => env);
    }

    /// <summary>Creates CliffWalking-v1, which Gymnasium registers without a time limit.</summary>
    /// <param name="catalog">The environments catalog.</param>
    /// <returns>The environment (a <see cref="Environments.ToyText.CliffWalking"/>).</returns>
    public static Env CliffWalking(this SynapticEnvironmentsCatalog catalog) => Make(catalog, "CliffWalking-v1");

    private static Env Make(SynapticEnvironmentsCatalog catalog, string id)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return EnvRegistry.Make(id);
    }
}
