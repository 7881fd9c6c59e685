using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.ML;
using Synaptic.ML.Plotting;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// <c>synaptic analyze DIR</c>: the experiment's metrics as plots by group (<c>rollout</c>, <c>train</c>, <c>eval</c>,
/// <c>spikes</c>…) and a summary (first, last, best values; spike statistics for spiking networks) in
/// <c>analysis/</c>, plus the algorithm's own analysis where it has one (PCA of recurrent states and plastic weights).
/// </summary>
public static class AnalyzeCommand
{
    /// <summary>Makes the command.</summary>
    /// <param name="console">Where output goes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliConsole console)
    {
        var path = new Argument<string>("path") { Description = "An experiment folder." };
        var command = new Command("analyze", "Plot and summarise an experiment's metrics (analysis/), with PCA and spike statistics where the model has them.") { path };
        command.SetAction(parse =>
        {
            var folder = ExperimentFolder.Open(parse.GetValue(path)!);
            var config = ExperimentConfig.Load(folder.Config);
            var files = Analyze(folder, config);
            var algorithm = AlgorithmRegistry.Get(config.Algorithm);
            if (File.Exists(folder.FinalModel))
            {
                var ml = new MLContext(seed: config.Seed);
                var model = ml.Synaptic().LoadModel(folder.FinalModel, out _);
                files.AddRange(algorithm.Analyze(ml, model, config.Environment, folder.Analysis, ExperimentRunner.EvaluationSeed(config.Seed)));
                (model as IDisposable)?.Dispose();
            }
            foreach (var file in files)
                console.Output.WriteLine(file);
            return 0;
        });
        return command;
    }

    /// <summary>Writes the metric plots and <c>analysis/summary.md</c>.</summary>
    /// <param name="folder">The experiment.</param>
    /// <param name="config">Its config.</param>
    /// <returns>The files written.</returns>
    public static List<string> Analyze(ExperimentFolder folder, ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(config);
        Directory.CreateDirectory(folder.Analysis);
        var files = new List<string>();
        if (!File.Exists(folder.Metrics))
            throw new FileNotFoundException($"{folder.Metrics} does not exist: the run recorded no metrics yet.", folder.Metrics);
        var metrics = MetricsFile.Read(folder.Metrics);
        foreach (var group in metrics.Keys.Where(k => !k.StartsWith("time/", StringComparison.Ordinal)).GroupBy(Group))
        {
            var series = group.Select(k => metrics.Series(k)).Zip(group, (s, k) => new LineSeries(k, s.Steps, Smooth(s.Values, k))).ToList();
            var file = Path.Combine(folder.Analysis, $"{group.Key.Replace(':', '-')}.png");
            LinePlot.SavePng(file, series, $"{config.Algorithm} on {config.Environment}, seed {config.Seed}: {group.Key}", "Step", "Value");
            files.Add(file);
        }
        var summary = Path.Combine(folder.Analysis, "summary.md");
        File.WriteAllText(summary, Summary(metrics, config));
        files.Add(summary);
        return files;
    }

    private static string Group(string key) => key.Contains('/', StringComparison.Ordinal) ? key[..key.IndexOf('/', StringComparison.Ordinal)] : key;

    // Episode returns are noisy: a moving mean over 20 episodes, as the learning curves elsewhere.
    private static double[] Smooth(double[] values, string key)
    {
        if (key != "rollout/episode_return" || values.Length < 20)
            return values;
        var smoothed = new double[values.Length];
        double sum = 0;
        for (var i = 0; i < values.Length; i++)
        {
            sum += values[i];
            if (i >= 20)
                sum -= values[i - 20];
            smoothed[i] = sum / Math.Min(i + 1, 20);
        }
        return smoothed;
    }

    private static string Summary(MetricsFile metrics, ExperimentConfig config)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# {config.Name}: metrics");
        text.AppendLine();
        text.AppendLine("| metric | values | first | last | min | max | mean of the last tenth |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var key in metrics.Keys)
        {
            var (_, values) = metrics.Series(key);
            var tail = values[(values.Length - Math.Max(1, values.Length / 10))..];
            text.AppendLine(CultureInfo.InvariantCulture, $"| {key} | {values.Length} | {values[0]:G5} | {values[^1]:G5} | {values.Min():G5} | {values.Max():G5} | {tail.Average():G5} |");
        }
        var spikes = metrics.Keys.Where(k => k.StartsWith("spikes/", StringComparison.Ordinal)).ToList();
        text.AppendLine();
        text.AppendLine("## Spiking activity");
        text.AppendLine();
        if (spikes.Count == 0)
        {
            text.AppendLine("No spike metrics were recorded (the network is not spiking, or its trainer does not record them).");
        }
        else
        {
            foreach (var key in spikes)
            {
                var (_, values) = metrics.Series(key);
                text.AppendLine(CultureInfo.InvariantCulture, $"- {key}: {values[0]:G4} at the start, {values[^1]:G4} at the end (min {values.Min():G4}, max {values.Max():G4}).");
            }
        }
        return text.ToString();
    }
}
