namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// An experiment's <c>config.json</c>: everything needed to run it again — the algorithm, environment, preset,
/// seed and budget, the settings given on top of the preset, every option as it was used, the versions and the
/// command line — and how the run ended.
/// </summary>
public sealed record ExperimentConfig
{
    /// <summary>The folder's name.</summary>
    public required string Name { get; init; }

    /// <summary>The algorithm's name (<c>ppo</c>).</summary>
    public required string Algorithm { get; init; }

    /// <summary>The environment id or data set.</summary>
    public required string Environment { get; init; }

    /// <summary>The preset the options started from, or null.</summary>
    public string? Preset { get; init; }

    /// <summary>The seed.</summary>
    public required int Seed { get; init; }

    /// <summary>The budget (in the algorithm's budget setting's unit).</summary>
    public long? Budget { get; init; }

    /// <summary>The settings given on top of the preset (<c>--config</c> file, then <c>--set</c>), path → text.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Every option as used, path → text (<see cref="Trainers.OptionText"/>); the run-specific paths left out.</summary>
    public required IReadOnlyDictionary<string, string> Options { get; init; }

    /// <summary>Synaptic.ML, ML.NET, TorchSharp and .NET versions, and the operating system.</summary>
    public IReadOnlyDictionary<string, string> Versions { get; init; } = new Dictionary<string, string>();

    /// <summary>The command line that made the run.</summary>
    public IReadOnlyList<string> CommandLine { get; init; } = [];

    /// <summary>When the run started (UTC, ISO 8601).</summary>
    public required string Started { get; init; }

    /// <summary><c>running</c>, <c>completed</c> or <c>interrupted</c>.</summary>
    public string Status { get; init; } = "running";

    /// <summary>Training seconds (wall clock, summed over resumed parts).</summary>
    public double? Seconds { get; init; }

    /// <summary>Writes the file.</summary>
    /// <param name="path">The file.</param>
    public void Save(string path) => CliJsonFile.Save(this, path);

    /// <summary>Reads a <c>config.json</c>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The config.</returns>
    /// <exception cref="InvalidDataException">The file is not an experiment config; the message names it.</exception>
    public static ExperimentConfig Load(string path) => CliJsonFile.Load<ExperimentConfig>(path, "an experiment's config.json");
}
