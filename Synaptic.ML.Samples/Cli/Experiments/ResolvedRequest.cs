using System.Globalization;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// A <see cref="TrainRequest"/> resolved to the options a run starts with: the algorithm (named, from the config
/// file, or from the preset), the preset (named, from the config file, or the algorithm's preset for the
/// environment), the config file's settings, the environment, the budget, then the <c>--set</c> settings and the
/// seed — without writing or training anything. <c>train</c> resolves its request this way, and <c>sweep</c> and
/// <c>compare</c> resolve every run before the first one starts, so that a wrong name fails at once.
/// </summary>
/// <param name="Algorithm">The algorithm.</param>
/// <param name="Environment">The environment id or data set.</param>
/// <param name="Preset">The preset the options start from, or null.</param>
/// <param name="Options">The options as the run would start with them (before its folder is set).</param>
/// <param name="Settings">The settings given on top of the preset (config file, then <c>--set</c>), in order.</param>
/// <param name="Seed">The run's seed.</param>
public sealed record ResolvedRequest(CliAlgorithm Algorithm, string Environment, string? Preset, TrainerOptions Options,
    IReadOnlyList<KeyValuePair<string, string>> Settings, int Seed)
{
    /// <summary>Settings that belong to one run's folder: not taken from a config file, not written to one.</summary>
    public static readonly string[] RunSpecific = [nameof(TrainerOptions.CheckpointDirectory), nameof(EnvironmentTrainerOptions.ResumeFrom)];

    /// <summary>Resolves <paramref name="request"/>.</summary>
    /// <param name="request">The request (<see cref="TrainRequest.Resume"/> must be null).</param>
    /// <returns>What it resolves to.</returns>
    /// <exception cref="ArgumentException">An algorithm, preset, environment or setting does not exist or does not parse; the message names it.</exception>
    public static ResolvedRequest Of(TrainRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var file = request.ConfigFile is null ? null : RunSettingsFile.Read(request.ConfigFile);
        var algorithm = AlgorithmRegistry.Get(request.Algorithm ?? file?.Algorithm
            ?? (request.Preset is not null ? TrainerPresets.Get(request.Preset).Algorithm : null)
            ?? throw new ArgumentException("Name the algorithm: --algo NAME (synaptic algorithms lists them), a --preset, or a --config file with 'algorithm'."));
        var environment = request.Environment ?? file?.Environment;
        var presetName = request.Preset ?? file?.Preset ?? DefaultPreset(algorithm, environment);
        var preset = presetName is null ? null : TrainerPresets.Get(presetName);
        if (preset is not null && !string.Equals(preset.Algorithm, algorithm.Name, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"Preset '{preset.Name}' is for {preset.Algorithm}, not {algorithm.Name}.");

        var options = algorithm.CreateOptions();
        preset?.ApplyTo(options);
        var given = new List<KeyValuePair<string, string>>();
        if (file is not null)
            given.AddRange(file.Settings.Where(s => !RunSpecific.Contains(s.Key, StringComparer.OrdinalIgnoreCase)));
        OptionText.SetAll(options, given);
        environment ??= preset?.Environment ?? algorithm.EnvironmentOf(options)
            ?? throw new ArgumentException($"Name the {algorithm.EnvironmentKind}: --env ID (preset {presetName ?? "none"} names none).");
        algorithm.UseEnvironment(options, environment);
        if ((request.Budget ?? file?.Budget) is long budget)
            OptionText.Set(options, algorithm.BudgetSetting, budget.ToString(CultureInfo.InvariantCulture));
        foreach (var assignment in request.Settings)
        {
            var setting = OptionText.ParseAssignment(assignment);
            OptionText.Set(options, setting.Key, setting.Value);
            given.Add(setting);
        }
        var seed = request.Seed ?? file?.Seed ?? 1;
        options.Seed = seed;
        return new ResolvedRequest(algorithm, environment, preset?.Name, options, given, seed);
    }

    // The preset of this algorithm for this environment (or data set), or its default preset when none is named.
    private static string? DefaultPreset(CliAlgorithm algorithm, string? environment)
    {
        var own = TrainerPresets.All.Where(p => string.Equals(p.Algorithm, algorithm.Name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (environment is null)
            return own.Any(p => p.Name == algorithm.DefaultPreset) ? algorithm.DefaultPreset : null;
        return own.FirstOrDefault(p => string.Equals(p.Environment ?? p[nameof(EnvironmentTrainerOptions.EnvironmentId)], environment, StringComparison.OrdinalIgnoreCase))?.Name;
    }
}
