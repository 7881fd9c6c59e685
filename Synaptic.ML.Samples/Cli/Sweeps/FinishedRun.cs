using System.Text.Json;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// A finished experiment read back for a table: its <c>config.json</c> and the evaluation in its
/// <c>evaluation.json</c> (the final model's, as <c>train</c> wrote it, or the last <c>eval</c>'s). Its score is that
/// evaluation's mean.
/// </summary>
/// <param name="Folder">The experiment folder.</param>
/// <param name="Config">Its config.</param>
/// <param name="Model">Which model was evaluated (<c>final</c>, <c>best</c>).</param>
/// <param name="Evaluation">The evaluation.</param>
public sealed record FinishedRun(ExperimentFolder Folder, ExperimentConfig Config, string Model, EvaluationSummary Evaluation)
{
    /// <summary>The run's score: the mean of its evaluation.</summary>
    public double Score => Evaluation.Mean;

    /// <summary>Reads the experiment in <paramref name="path"/>.</summary>
    /// <param name="path">An experiment folder.</param>
    /// <returns>The run.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder is not an experiment (no config.json); the message names it.</exception>
    /// <exception cref="InvalidDataException">It has no evaluation, or one that does not read; the message names it.</exception>
    public static FinishedRun Read(string path)
    {
        var folder = ExperimentFolder.Open(path);
        var config = ExperimentConfig.Load(folder.Config);
        if (!File.Exists(folder.Evaluation))
            throw new InvalidDataException($"{folder.Root} has no evaluation.json (its run is {config.Status}); 'synaptic eval {folder.Root}' writes one.");
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(folder.Evaluation));
            var root = json.RootElement;
            var scores = root.GetProperty("scores").EnumerateArray().Select(s => s.GetDouble()).ToList();
            if (scores.Count == 0)
                throw new InvalidDataException($"{folder.Evaluation} holds no scores.");
            var success = root.TryGetProperty("successRate", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : (double?)null;
            var model = root.TryGetProperty("model", out var m) ? m.GetString() ?? "final" : "final";
            var metric = root.TryGetProperty("metric", out var k) ? k.GetString() ?? "score" : "score";
            return new FinishedRun(folder, config, model, new EvaluationSummary(metric, scores, success));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{folder.Evaluation} is not an evaluation (model, metric, scores): {e.Message}", e);
        }
    }

    /// <summary>
    /// The finished experiments under each of <paramref name="paths"/>: the folder itself when it is an experiment,
    /// else every experiment beneath it (a folder of runs, a sweep, a comparison). Beneath a folder, runs without an
    /// evaluation (interrupted, still running) are left out and named in <paramref name="skipped"/>.
    /// </summary>
    /// <param name="paths">Experiment folders, or folders of them.</param>
    /// <param name="skipped">The runs left out, with why.</param>
    /// <returns>The runs, each once, in path order.</returns>
    /// <exception cref="DirectoryNotFoundException">A path is neither an experiment nor holds one; the message names it.</exception>
    public static IReadOnlyList<FinishedRun> Find(IEnumerable<string> paths, List<string> skipped)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(skipped);
        var runs = new List<FinishedRun>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (new ExperimentFolder(Path.GetFullPath(path)).Exists)
            {
                if (seen.Add(Path.GetFullPath(path)))
                    runs.Add(Read(path));
                continue;
            }
            if (!Directory.Exists(path))
                throw new DirectoryNotFoundException($"'{path}' does not exist.");
            var found = Directory.GetFiles(path, "config.json", SearchOption.AllDirectories)
                .Select(Path.GetDirectoryName).OfType<string>().Order(StringComparer.Ordinal).ToList();
            if (found.Count == 0)
                throw new DirectoryNotFoundException($"'{path}' is not an experiment folder and holds none: no config.json in it or beneath it (train writes one).");
            foreach (var folder in found.Where(seen.Add))
            {
                try
                {
                    runs.Add(Read(folder));
                }
                catch (InvalidDataException e)
                {
                    skipped.Add(e.Message);
                }
            }
        }
        return runs;
    }
}
