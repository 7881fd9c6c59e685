using System.Globalization;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// What a sweep runs, saved as its <c>sweep.json</c>: the algorithm, environment, preset, config file, budget and
/// settings every run shares, the configurations (the grid, or the random draws), the seeds, and the command line.
/// Invoked again with the same <c>--name</c>, a sweep whose plan is unchanged continues where it stopped.
/// </summary>
public sealed record SweepPlan
{
    /// <summary>The sweep's name (its folder's).</summary>
    public required string Name { get; init; }

    /// <summary>The algorithm.</summary>
    public required string Algorithm { get; init; }

    /// <summary>The environment id or data set.</summary>
    public required string Environment { get; init; }

    /// <summary>The preset every run starts from, or null.</summary>
    public string? Preset { get; init; }

    /// <summary>A <c>--config</c> file every run reads, or null.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>The budget of every run, or null for the preset's.</summary>
    public long? Budget { get; init; }

    /// <summary>The settings every run gets (<c>--set</c>), before its configuration's.</summary>
    public IReadOnlyList<string> Settings { get; init; } = [];

    /// <summary>How the configurations were made: <c>grid</c>, or <c>random N (seed S)</c>.</summary>
    public required string Search { get; init; }

    /// <summary>The varied options as given (<c>LearningRate in {0.001; 0.0003}</c>).</summary>
    public IReadOnlyList<string> Space { get; init; } = [];

    /// <summary>The configurations.</summary>
    public required IReadOnlyList<SweepConfiguration> Configurations { get; init; }

    /// <summary>The seeds each configuration runs with.</summary>
    public required IReadOnlyList<int> Seeds { get; init; }

    /// <summary>Episodes of each run's final evaluation.</summary>
    public int EvaluationEpisodes { get; init; } = 10;

    /// <summary>The command line that made the sweep (not part of what makes two plans the same).</summary>
    public IReadOnlyList<string> CommandLine { get; init; } = [];

    /// <summary>Every run: each configuration with each seed, configuration by configuration.</summary>
    /// <param name="runs">The folder the runs go into.</param>
    /// <returns>The runs with their requests.</returns>
    public IReadOnlyList<(SweepConfiguration Configuration, int Seed, TrainRequest Request)> Runs(string runs) =>
        [.. Configurations.SelectMany(c => Seeds.Select(seed => (c, seed, Request(c, seed, runs))))];

    /// <summary>The request of one run (the seed does not change what <see cref="ResolvedRequest"/> checks).</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="runs">The folder the runs go into.</param>
    /// <returns>The request.</returns>
    public TrainRequest Request(SweepConfiguration configuration, int seed, string runs)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = Settings.Concat(configuration.Assignments).ToList();
        List<string> command = ["synaptic", "train", "--algo", Algorithm, "--env", Environment];
        if (Preset is not null)
            command.AddRange(["--preset", Preset]);
        if (ConfigFile is not null)
            command.AddRange(["--config", ConfigFile]);
        if (Budget is long budget)
            command.AddRange(["--budget", budget.ToString(CultureInfo.InvariantCulture)]);
        command.AddRange(["--seed", seed.ToString(CultureInfo.InvariantCulture)]);
        command.AddRange(settings.SelectMany(s => new[] { "--set", s }));
        return new TrainRequest
        {
            Algorithm = Algorithm,
            Environment = Environment,
            Preset = Preset,
            ConfigFile = ConfigFile,
            Budget = Budget,
            Seed = seed,
            Settings = settings,
            Name = configuration.RunName(seed),
            ExperimentsDirectory = runs,
            EvaluationEpisodes = EvaluationEpisodes,
            CommandLine = command,
        };
    }

    /// <summary>Whether <paramref name="other"/> runs the same runs (everything but the command line equal).</summary>
    /// <param name="other">Another plan.</param>
    /// <returns>Whether they are the same.</returns>
    public bool SameRunsAs(SweepPlan other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return CliJsonFile.Serialize(this with { CommandLine = [] }) == CliJsonFile.Serialize(other with { CommandLine = [] });
    }

    /// <summary>Writes the file.</summary>
    /// <param name="path">The file.</param>
    public void Save(string path) => CliJsonFile.Save(this, path);

    /// <summary>Reads a <c>sweep.json</c>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="InvalidDataException">The file is not a sweep's plan; the message names it.</exception>
    public static SweepPlan Load(string path) => CliJsonFile.Load<SweepPlan>(path, "a sweep's sweep.json");
}
