using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// Runs <c>train</c> in process: resolves the options (preset, then a config file, then the environment and budget,
/// then <c>--set</c>), writes the experiment folder, trains with a live display, and evaluates the final model. The
/// <c>sweep</c> and <c>compare</c> verbs run many of these.
/// </summary>
public static class ExperimentRunner
{

    /// <summary>Trains as <paramref name="request"/> asks.</summary>
    /// <param name="request">The request.</param>
    /// <param name="display">Where progress goes.</param>
    /// <param name="stop">Signalled (Ctrl+C) to stop after the current iteration, with a checkpoint.</param>
    /// <returns>The run.</returns>
    /// <exception cref="ArgumentException">The request names an unknown algorithm, preset, environment or setting; the message says which.</exception>
    public static ExperimentResult Train(TrainRequest request, ITrainingDisplay display, CancellationToken stop = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(display);
        var (algorithm, options, config, folder) = request.Resume is not null ? Resumed(request) : Fresh(request);
        folder.Create();
        algorithm.UseFolder(options, folder);
        config = config with { Options = OptionsText(options) };
        if (request.Resume is not null)
        {
            ((EnvironmentTrainerOptions)options).ResumeFrom = folder.LatestCheckpoint
                ?? throw new InvalidOperationException($"{folder.Root} has no checkpoint to resume from (checkpoints/checkpoint-*.bin).");
        }
        config.Save(folder.Config);

        var ml = new MLContext(seed: config.Seed);
        var stopper = new StopOnRequestCallback(stop);
        options.Callbacks.Add(stopper);
        options.Callbacks.Add(new TensorBoardCallback(folder.TensorBoard));
        var clock = Stopwatch.StartNew();
        var trained = display.Run($"{algorithm.Name} {config.Environment} seed {config.Seed}", stopper, progress =>
        {
            options.Progress = progress;
            return algorithm.Train(ml, options, config.Environment);
        });
        var seconds = clock.Elapsed.TotalSeconds + (request.Resume is not null ? config.Seconds ?? 0 : 0);

        ml.Model.Save(trained.Model, trained.InputSchema, folder.FinalModel);
        var best = Directory.GetFiles(folder.Checkpoints, "best-*.zip").FirstOrDefault();
        if (best is not null)
            File.Copy(best, folder.BestModel, overwrite: true);
        if (trained.History is { } history)
        {
            WriteMetrics(history, folder.Metrics);
            if (history.Rows.Count > 0)
                history.SavePlot(Path.Combine(folder.Analysis, "learning-curve.png"), HeadlineKeys(history), $"{algorithm.Name} on {config.Environment}, seed {config.Seed}");
        }
        var evaluation = algorithm.Evaluate(ml, trained.Model, config.Environment, request.EvaluationEpisodes, EvaluationSeed(config.Seed), options);
        WriteEvaluation(folder.Evaluation, "final", evaluation);
        (trained.Model as IDisposable)?.Dispose();

        var finished = config with { Status = stopper.Stopped ? "interrupted" : "completed", Seconds = Math.Round(seconds, 2) };
        finished.Save(folder.Config);
        WriteReadme(folder, finished, evaluation, best is not null, algorithm.CanResume);
        return new ExperimentResult(folder, finished, evaluation, stopper.Stopped);
    }

    /// <summary>The seed of a run's final evaluation: away from the training seeds, so no training episode repeats.</summary>
    /// <param name="seed">The run's seed.</param>
    /// <returns>The evaluation seed.</returns>
    public static int EvaluationSeed(int seed) => 1_000_000 + seed;

    /// <summary>Writes an evaluation as JSON (<c>evaluation.json</c>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="model">Which model was evaluated (<c>final</c>, <c>best</c>, a zip's name).</param>
    /// <param name="evaluation">The evaluation.</param>
    public static void WriteEvaluation(string path, string model, EvaluationSummary evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var json = new Dictionary<string, object?>
        {
            ["model"] = model,
            ["metric"] = evaluation.Metric,
            ["mean"] = evaluation.Mean,
            ["ci95"] = evaluation.ConfidenceHalfWidth,
            ["std"] = evaluation.StandardDeviation,
            ["count"] = evaluation.Scores.Count,
            ["successRate"] = evaluation.SuccessRate,
            ["scores"] = evaluation.Scores,
        };
        if (evaluation.Extra is { Count: > 0 } extra)
            json["extra"] = extra;
        File.WriteAllText(path, JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>Writes the history's metrics in long form: <c>kind,step,key,value</c>, one line per value.</summary>
    /// <param name="history">The history.</param>
    /// <param name="path">The CSV file.</param>
    public static void WriteMetrics(TrainingHistory history, string path)
    {
        ArgumentNullException.ThrowIfNull(history);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        writer.WriteLine("kind,step,key,value");
        foreach (var row in history.Rows)
        {
            var kind = row.Kind == MetricRowKind.Episode ? "episode" : "iteration";
            foreach (var (key, value) in row.Values)
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kind},{row.Step},{key},{value:R}"));
        }
    }

    private static (CliAlgorithm, TrainerOptions, ExperimentConfig, ExperimentFolder) Fresh(TrainRequest request)
    {
        var (algorithm, environment, preset, options, given, seed) = ResolvedRequest.Of(request);
        var started = DateTime.UtcNow;
        var name = request.Name ?? ExperimentFolder.DefaultName(environment, algorithm.Name, seed, started.ToLocalTime());
        var folder = new ExperimentFolder(Path.GetFullPath(Path.Combine(request.ExperimentsDirectory, name)));
        if (folder.Exists)
            throw new IOException($"{folder.Root} already holds an experiment; choose another --name, or continue it with --resume {folder.Root}.");
        var config = new ExperimentConfig
        {
            Name = name,
            Algorithm = algorithm.Name,
            Environment = environment,
            Preset = preset,
            Seed = seed,
            Budget = long.Parse(Setting(options, algorithm.BudgetSetting) ?? "0", CultureInfo.InvariantCulture),
            Settings = given.GroupBy(s => s.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last().Value),
            Options = OptionsText(options),
            Versions = Versions(),
            CommandLine = request.CommandLine,
            Started = started.ToString("O", CultureInfo.InvariantCulture),
        };
        return (algorithm, options, config, folder);
    }

    private static (CliAlgorithm, TrainerOptions, ExperimentConfig, ExperimentFolder) Resumed(TrainRequest request)
    {
        var folder = ExperimentFolder.Open(request.Resume!);
        var config = ExperimentConfig.Load(folder.Config);
        var algorithm = AlgorithmRegistry.Get(config.Algorithm);
        if (!algorithm.CanResume)
            throw new NotSupportedException($"{algorithm.Name} runs cannot be resumed (its trainer keeps no checkpoints); {folder.FinalModel} holds the model where it stopped.");
        var options = algorithm.CreateOptions();
        OptionText.SetAll(options, config.Options);
        options.Seed = config.Seed;
        return (algorithm, options, config with { Status = "running", CommandLine = [.. config.CommandLine, "|", .. request.CommandLine] }, folder);
    }

    private static Dictionary<string, string> OptionsText(TrainerOptions options) =>
        OptionText.Write(options).Where(p => !ResolvedRequest.RunSpecific.Contains(p.Key, StringComparer.Ordinal)).ToDictionary(p => p.Key, p => p.Value);

    private static string? Setting(TrainerOptions options, string path) => OptionText.Write(options).FirstOrDefault(p => p.Key == path).Value;

    private static Dictionary<string, string> Versions() => new()
    {
        ["Synaptic.ML"] = typeof(SynapticCatalog).Assembly.GetName().Version?.ToString() ?? "?",
        ["Microsoft.ML"] = typeof(MLContext).Assembly.GetName().Version?.ToString() ?? "?",
        ["TorchSharp"] = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "?",
        [".NET"] = RuntimeInformation.FrameworkDescription,
        ["OS"] = RuntimeInformation.OSDescription,
    };

    private static string[] HeadlineKeys(TrainingHistory history)
    {
        string[] preferred = [MetricKeys.EpisodeReturn, MetricKeys.EvaluationMeanReturn, MetricKeys.EvaluationAccuracy, MetricKeys.Loss];
        var keys = preferred.Where(history.Contains).ToArray();
        return keys.Length > 0 ? keys : [.. history.Keys.Take(3)];
    }

    private static void WriteReadme(ExperimentFolder folder, ExperimentConfig config, EvaluationSummary evaluation, bool hasBest, bool resumable)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# {config.Name}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{config.Algorithm} on {config.Environment}, seed {config.Seed}, budget {config.Budget:N0}, preset {config.Preset ?? "none"}: {config.Status} in {config.Seconds:F1} s.");
        if (config.Settings.Count > 0)
            text.AppendLine(CultureInfo.InvariantCulture, $"Settings on top of the preset: {string.Join(", ", config.Settings.Select(s => $"{s.Key}={s.Value}"))}.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Final model: {evaluation} (evaluation seed {EvaluationSeed(config.Seed)}).");
        text.AppendLine();
        text.AppendLine("| file | what |");
        text.AppendLine("|---|---|");
        text.AppendLine("| config.json | everything needed to run it again: `synaptic train --config config.json` |");
        text.AppendLine("| metrics.csv | the keyed metrics (kind, step, key, value) |");
        text.AppendLine("| tensorboard/ | the same metrics for TensorBoard |");
        text.AppendLine("| final.zip | the model at the end of training |");
        text.AppendLine(hasBest ? "| best.zip | the model of the best evaluation during training |" : "| best.zip | not written: no evaluation or validation ran during training |");
        text.AppendLine(resumable
            ? "| checkpoints/ | resumable checkpoints: `synaptic train --resume <this folder>` |"
            : "| checkpoints/ | the trainer's best model (this trainer keeps no resumable checkpoints) |");
        text.AppendLine("| analysis/learning-curve.png | the learning curve |");
        File.WriteAllText(folder.Readme, text.ToString());
    }
}
