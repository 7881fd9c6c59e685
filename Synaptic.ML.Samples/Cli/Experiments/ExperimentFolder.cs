using System.Globalization;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// One run's folder, <c>experiments/{name}/</c>, named by default after environment, algorithm, seed and time as
/// CleanRL and the RL Zoo name theirs (<c>CartPole-v1__ppo__1__20261202-081500</c>). It holds:
/// <c>config.json</c> (everything needed to re-run), <c>metrics.csv</c> (the keyed metrics), <c>tensorboard/</c>
/// (event files), <c>best.zip</c> and <c>final.zip</c>, <c>checkpoints/</c> (resumable), <c>videos/*.gif</c>,
/// <c>analysis/*.png</c>, <c>evaluation.json</c> and a short <c>README.md</c> of the results.
/// </summary>
/// <param name="Root">The folder's full path.</param>
public sealed record ExperimentFolder(string Root)
{
    /// <summary>The folder's name.</summary>
    public string Name => Path.GetFileName(Root.TrimEnd(Path.DirectorySeparatorChar));

    /// <summary><c>config.json</c>.</summary>
    public string Config => Path.Combine(Root, "config.json");

    /// <summary><c>metrics.csv</c>: one row per recorded metric (kind, step, key, value).</summary>
    public string Metrics => Path.Combine(Root, "metrics.csv");

    /// <summary><c>tensorboard/</c>.</summary>
    public string TensorBoard => Path.Combine(Root, "tensorboard");

    /// <summary><c>final.zip</c>: the model at the end of training (or where it was interrupted).</summary>
    public string FinalModel => Path.Combine(Root, "final.zip");

    /// <summary><c>best.zip</c>: the model of the best evaluation or validation during training.</summary>
    public string BestModel => Path.Combine(Root, "best.zip");

    /// <summary><c>checkpoints/</c>: resumable checkpoints and the trainer's own best model.</summary>
    public string Checkpoints => Path.Combine(Root, "checkpoints");

    /// <summary><c>videos/</c>.</summary>
    public string Videos => Path.Combine(Root, "videos");

    /// <summary><c>analysis/</c>.</summary>
    public string Analysis => Path.Combine(Root, "analysis");

    /// <summary><c>evaluation.json</c>: the last <c>eval</c>.</summary>
    public string Evaluation => Path.Combine(Root, "evaluation.json");

    /// <summary><c>README.md</c>: the run's results in a few lines.</summary>
    public string Readme => Path.Combine(Root, "README.md");

    /// <summary>Whether the folder holds an experiment (a <c>config.json</c>).</summary>
    public bool Exists => File.Exists(Config);

    /// <summary>The newest resumable checkpoint, or null.</summary>
    public string? LatestCheckpoint =>
        Directory.Exists(Checkpoints)
            ? Directory.GetFiles(Checkpoints, "checkpoint-*.bin").Order(StringComparer.Ordinal).LastOrDefault()
            : null;

    /// <summary>The default name of a run: <c>{env}__{algo}__{seed}__{yyyyMMdd-HHmmss}</c>, with any <c>/</c> of the id as <c>-</c>.</summary>
    /// <param name="environment">The environment id or data set.</param>
    /// <param name="algorithm">The algorithm's name.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="time">When the run starts.</param>
    /// <returns>The name.</returns>
    public static string DefaultName(string environment, string algorithm, int seed, DateTime time) =>
        string.Create(CultureInfo.InvariantCulture, $"{Safe(environment)}__{algorithm}__{seed}__{time:yyyyMMdd-HHmmss}");

    /// <summary>The experiment in <paramref name="path"/> (a folder with a <c>config.json</c>).</summary>
    /// <param name="path">The folder.</param>
    /// <returns>The folder.</returns>
    /// <exception cref="DirectoryNotFoundException">There is no experiment there; the message names the path.</exception>
    public static ExperimentFolder Open(string path)
    {
        var folder = new ExperimentFolder(Path.GetFullPath(path));
        return folder.Exists ? folder
            : throw new DirectoryNotFoundException($"'{path}' is not an experiment folder: it has no config.json (train writes one).");
    }

    /// <summary>Makes the folder and its subfolders.</summary>
    public void Create()
    {
        foreach (var directory in new[] { Root, Checkpoints, Videos, Analysis })
            Directory.CreateDirectory(directory);
    }

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-'));
}
