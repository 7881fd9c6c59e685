using System.Globalization;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// A <see cref="TrainRequest"/> resolved as <see cref="ExperimentRunner"/> resolves it — algorithm, preset (named, from
/// the config file, or the algorithm's preset for the environment), config file, environment, budget, then the
/// <c>--set</c> settings applied to fresh options — without writing or training anything. <c>sweep</c> and
/// <c>compare</c> resolve every run this way before the first one starts, so that a wrong name fails at once.
/// </summary>
/// <param name="Algorithm">The algorithm.</param>
/// <param name="Environment">The environment id or data set.</param>
/// <param name="Preset">The preset the options start from, or null.</param>
/// <param name="Options">The options as the run would start with them (before its folder is set).</param>
public sealed record ResolvedRequest(CliAlgorithm Algorithm, string Environment, string? Preset, TrainerOptions Options)
{
    /// <summary>Resolves <paramref name="request"/>.</summary>
    /// <param name="request">The request (<see cref="TrainRequest.Resume"/> must be null).</param>
    /// <returns>What it resolves to.</returns>
    /// <exception cref="ArgumentException">An algorithm, preset, environment or setting does not exist or does not parse; the message names it.</exception>
    public static ResolvedRequest Of(TrainRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var file = request.ConfigFile is null ? null : RunSettingsFile.Read(request.ConfigFile);
        var algorithm = AlgorithmRegistry.Get(request.Algorithm ?? file?.Algorithm
            ?? throw new ArgumentException("Name the algorithm: --algo NAME (synaptic algorithms lists them), or a --config file with 'algorithm'."));
        var environment = request.Environment ?? file?.Environment;
        var presetName = request.Preset ?? file?.Preset ?? DefaultPreset(algorithm, environment);
        var preset = presetName is null ? null : TrainerPresets.Get(presetName);
        if (preset is not null && !string.Equals(preset.Algorithm, algorithm.Name, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"Preset '{preset.Name}' is for {preset.Algorithm}, not {algorithm.Name}.");

        var options = algorithm.CreateOptions();
        preset?.ApplyTo(options);
        if (file is not null)
            OptionText.SetAll(options, file.Settings);
        environment ??= algorithm.EnvironmentOf(options)
            ?? throw new ArgumentException($"Name the {algorithm.EnvironmentKind}: --env ID (preset {presetName ?? "none"} names none).");
        algorithm.UseEnvironment(options, environment);
        if ((request.Budget ?? file?.Budget) is long budget)
            OptionText.Set(options, algorithm.BudgetSetting, budget.ToString(CultureInfo.InvariantCulture));
        foreach (var assignment in request.Settings)
        {
            var setting = OptionText.ParseAssignment(assignment);
            OptionText.Set(options, setting.Key, setting.Value);
        }
        return new ResolvedRequest(algorithm, environment, preset?.Name, options);
    }

    // As ExperimentRunner chooses: the algorithm's preset whose EnvironmentId is the environment, or its default
    // preset when no environment is named.
    private static string? DefaultPreset(CliAlgorithm algorithm, string? environment)
    {
        var own = TrainerPresets.All.Where(p => string.Equals(p.Algorithm, algorithm.Name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (environment is null)
            return own.Any(p => p.Name == algorithm.DefaultPreset) ? algorithm.DefaultPreset : null;
        return own.FirstOrDefault(p => string.Equals(p[nameof(EnvironmentTrainerOptions.EnvironmentId)], environment, StringComparison.OrdinalIgnoreCase))?.Name;
    }
}
