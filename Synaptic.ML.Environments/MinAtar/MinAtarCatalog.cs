using Synaptic.ML.Environments;
using Synaptic.ML.Environments.MinAtar;
using Synaptic.ML.Environments.Wrappers;

namespace Synaptic.ML;

/// <summary>MinAtar's games (Young and Tian 2019) on <c>mlContext.Synaptic().Environments</c>, with MinAtar's options.</summary>
/// <example>
/// <code>
/// var env = new MLContext().Synaptic().Environments.MinAtarBreakout(minimalActions: true);
/// var observation = env.Reset(seed: 0);   // 400 floats: 4 channels of 10x10 cells
/// </code>
/// </example>
public static class MinAtarCatalog
{
    /// <summary>
    /// Creates MinAtar's Breakout: <c>MinAtar/Breakout-v0</c> (6 actions) or, with
    /// <paramref name="minimalActions"/>, <c>MinAtar/Breakout-v1</c> (no-op, left, right), as
    /// <c>Make</c> does for those ids when the options are MinAtar's defaults.
    /// </summary>
    /// <param name="catalog">The environments catalog.</param>
    /// <param name="minimalActions">Use the 3 actions that matter instead of MinAtar's full 6.</param>
    /// <param name="stickyActionProbability">Probability in [0, 1] that a step repeats the previous action; MinAtar's default 0.1, 0 for none.</param>
    /// <param name="maxEpisodeSteps">Time limit; null (as registered, and as MinAtar) for none.</param>
    /// <returns>The environment (a <see cref="Environments.MinAtar.Breakout"/>, in a <see cref="TimeLimit"/> when a limit is given).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stickyActionProbability"/> is not in [0, 1], or <paramref name="maxEpisodeSteps"/> is not positive.</exception>
    public static Env MinAtarBreakout(this SynapticEnvironmentsCatalog catalog, bool minimalActions = false,
        double stickyActionProbability = Breakout.DefaultStickyActionProbability, int? maxEpisodeSteps = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (maxEpisodeSteps is int limit)
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit, nameof(maxEpisodeSteps));
        var env = new Breakout(minimalActions, stickyActionProbability);
        return EnvRegistry.Make(env.Id, () => env, spec => spec with { MaxEpisodeSteps = maxEpisodeSteps });
    }
}
