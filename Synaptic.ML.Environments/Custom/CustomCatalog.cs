using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Custom;
using Synaptic.ML.Environments.Wrappers;

namespace Synaptic.ML;

/// <summary>The project's own environments on <c>mlContext.Synaptic().Environments</c>, with options.</summary>
public static class CustomCatalog
{
    /// <summary>
    /// Creates GridWorld-v0 (a maze with a start and goals), truncated after
    /// <paramref name="maxEpisodeSteps"/> steps like <c>Make("GridWorld-v0")</c>.
    /// </summary>
    /// <param name="catalog">The environments catalog.</param>
    /// <param name="options">Map, observation and rewards; null for the defaults.</param>
    /// <param name="maxEpisodeSteps">Time limit; default 100 as registered, null for none.</param>
    /// <returns>The environment, wrapped in a <see cref="TimeLimit"/> unless the limit is null.</returns>
    public static Env GridWorld(this SynapticEnvironmentsCatalog catalog, GridWorld.Options? options = null, int? maxEpisodeSteps = CustomRegistrations.GridWorldMaxEpisodeSteps)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return EnvRegistry.Make(Synaptic.ML.Environments.Custom.GridWorld.EnvId, options is null ? null : () => new GridWorld(options),
            spec => spec with { MaxEpisodeSteps = maxEpisodeSteps });
    }

    /// <summary>Creates Shower-v0 (keep the water at 37–39 degrees for 60 steps), as <c>Make("Shower-v0")</c> does without options.</summary>
    /// <param name="catalog">The environments catalog.</param>
    /// <param name="options">Comfort band, start, length and noise; null for the defaults.</param>
    /// <returns>The environment, which truncates its episodes itself.</returns>
    public static Env Shower(this SynapticEnvironmentsCatalog catalog, Shower.Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return EnvRegistry.Make(Synaptic.ML.Environments.Custom.Shower.EnvId, options is null ? null : () => new Shower(options));
    }

    /// <summary>Creates LaneKeeping-v0 (steer along a road by three distance sensors), as <c>Make("LaneKeeping-v0")</c> does without options.</summary>
    /// <param name="catalog">The environments catalog.</param>
    /// <param name="options">Curriculum phase, dynamics, sensors and length; null for the defaults.</param>
    /// <returns>The environment, which truncates its episodes itself; cast it to <see cref="Environments.Custom.LaneKeeping"/> to change <see cref="Environments.Custom.LaneKeeping.Phase"/> between episodes.</returns>
    public static Env LaneKeeping(this SynapticEnvironmentsCatalog catalog, LaneKeeping.Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return EnvRegistry.Make(Synaptic.ML.Environments.Custom.LaneKeeping.EnvId, options is null ? null : () => new LaneKeeping(options));
    }

    /// <summary>
    /// Creates Synaptic/Integration-v0 (sum noisy evidence, hold it through a delay, report its sign at the
    /// go cue; Aitken and Mihalas 2023), as <c>Make("Synaptic/Integration-v0")</c> does without options.
    /// </summary>
    /// <param name="catalog">The environments catalog.</param>
    /// <param name="options">Stimulus and delay lengths, signal and noise; null for the defaults.</param>
    /// <returns>The environment, which ends each episode itself at the decision.</returns>
    public static Env IntegrationTask(this SynapticEnvironmentsCatalog catalog, IntegrationTask.Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return EnvRegistry.Make(Synaptic.ML.Environments.Custom.IntegrationTask.EnvId, options is null ? null : () => new IntegrationTask(options));
    }
}
