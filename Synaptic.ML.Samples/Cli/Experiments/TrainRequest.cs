namespace Synaptic.ML.Samples.Cli;

/// <summary>What <c>synaptic train</c> was asked for (every part optional but the algorithm, which a config file may name).</summary>
public sealed record TrainRequest
{
    /// <summary><c>--algo</c>.</summary>
    public string? Algorithm { get; init; }

    /// <summary><c>--env</c>: an environment id or, for data trainers, a data set.</summary>
    public string? Environment { get; init; }

    /// <summary><c>--preset</c>.</summary>
    public string? Preset { get; init; }

    /// <summary><c>--config FILE</c> (JSON or YAML).</summary>
    public string? ConfigFile { get; init; }

    /// <summary><c>--seed</c>.</summary>
    public int? Seed { get; init; }

    /// <summary><c>--budget</c>: steps, episodes or epochs, as the algorithm counts.</summary>
    public long? Budget { get; init; }

    /// <summary><c>--set path=value</c>, in order.</summary>
    public IReadOnlyList<string> Settings { get; init; } = [];

    /// <summary><c>--name</c>: the folder's name instead of <c>env__algo__seed__time</c>.</summary>
    public string? Name { get; init; }

    /// <summary><c>--out</c>: where experiment folders go. Default <c>experiments</c>.</summary>
    public string ExperimentsDirectory { get; init; } = "experiments";

    /// <summary><c>--resume DIR</c>: an experiment folder to continue.</summary>
    public string? Resume { get; init; }

    /// <summary><c>--eval-episodes</c>: episodes of the final evaluation. Default 10.</summary>
    public int EvaluationEpisodes { get; init; } = 10;

    /// <summary>The command line, recorded in <c>config.json</c>.</summary>
    public IReadOnlyList<string> CommandLine { get; init; } = [];
}
