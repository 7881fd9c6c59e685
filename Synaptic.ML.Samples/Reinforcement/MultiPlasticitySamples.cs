using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Plasticity;
using Synaptic.ML.Plotting;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples;

/// <summary>
/// The <c>mpn</c> command: the multi-plasticity DQN (Aitken &amp; Mihalas, 2023) and its baselines on tasks that need
/// memory. Verbs:
/// <list type="bullet">
/// <item><c>mpn compare [--task masked-cartpole|integration|cartpole] [--only mpn,gru,lstm,ff] [--seeds 5] [--steps N] [--set "Name=value;…"]</c> —
/// every memory at the same size and budget over seeds; one JSON per run under <c>mpn-compare/</c> (so runs can be
/// split across processes), then a table (<c>mpn-compare-{task}.md</c>) and learning curves (<c>.png</c>) of all runs present.</item>
/// <item><c>mpn train --experiment NAME [--task …] [--core mpn|gru|lstm|ff] [--seed 1] [--steps N]</c> — an experiment
/// folder <c>experiments/NAME/</c>: config.json, history.csv, the learning curve, best.zip and final.zip.</item>
/// <item><c>mpn eval|render|analyze --experiment NAME</c> — evaluation (100 episodes), an episode GIF with M beside the
/// frame, and the analysis (PCA of hidden states and of M, participation ratios, M heatmap) into the same folder.</item>
/// </list>
/// </summary>
public static class MultiPlasticitySamples
{
    private const int FinalEpisodes = 100;
    private const int FinalSeed = 12345;
    private static readonly string[] CoreNames = ["mpn", "gru", "lstm", "ff"];
    private static readonly string[] Tasks = ["masked-cartpole", "integration", "cartpole"];

    /// <summary>Runs the command.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>0, or 2 for a usage error.</returns>
    public static int Run(SampleArguments args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var task = args.Setting("task", "masked-cartpole");
        if (!Tasks.Contains(task))
            return Usage($"Unknown task '{task}'; the tasks are {string.Join(", ", Tasks)}.");
        using var torch = Synaptic.ML.Torch.TorchScope.Enter(1);
        return args.Verb switch
        {
            "compare" => Compare(args, task),
            "train" => Train(args, task),
            "eval" => Evaluate(args),
            "render" => Render(args),
            "analyze" => Analyze(args),
            _ => Usage(args.Verb is null ? "mpn needs a verb." : $"Unknown verb '{args.Verb}'."),
        };
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine(message);
        Console.Error.WriteLine("Usage: mpn compare|train|eval|render|analyze [--task masked-cartpole|integration] [--only mpn,gru,lstm,ff] [--seeds N] [--steps N] [--experiment NAME] [--core NAME] [--seed N]");
        return 2;
    }

    /// <summary>
    /// The memory named <paramref name="name"/>, 64 units (the feed-forward baseline has the multi-plasticity layer's W
    /// and b, without M). The multi-plasticity layer takes the preset's λ and η for the task, or <c>--decay</c>,
    /// <c>--eta</c> and <c>--learn true</c> (λ and η learned).
    /// </summary>
    internal static SequenceCoreOptions Core(string name, string task, SampleArguments? args = null)
    {
        switch (name)
        {
            case "mpn":
                var layer = (MultiPlasticityOptions)Preset(task, null).Core;
                layer.Decay = Number(args, "decay", layer.Decay);
                layer.HebbianRate = Number(args, "eta", layer.HebbianRate);
                layer.LearnDecay = layer.LearnHebbianRate = args?.Setting("learn", "false") == "true";
                return layer;
            case "gru":
                return new GruCoreOptions();
            case "lstm":
                return new LstmCoreOptions();
            case "ff":
                return new FeedForwardCoreOptions();
            default:
                throw new ArgumentException($"Unknown memory '{name}'; the memories are {string.Join(", ", CoreNames)}.");
        }
    }

    /// <summary>The number given as <c>--name value</c>, or <paramref name="fallback"/>.</summary>
    private static double Number(SampleArguments? args, string name, double fallback) =>
        args?.Setting(name, "") is { Length: > 0 } text ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

    /// <summary>The task's preset; <c>cartpole</c> is the masked task's settings with the velocities visible (a reference).</summary>
    internal static RecurrentDqnTrainer.Options Preset(string task, SequenceCoreOptions? core)
    {
        var options = task == "integration" ? RecurrentDqnPresets.Integration(core) : RecurrentDqnPresets.MaskedCartPole(core);
        if (task == "cartpole")
            options.EnvironmentFactory = () => EnvRegistry.Make(RecurrentDqnPresets.CartPoleId);
        return options;
    }

    private static int Compare(SampleArguments args, string task)
    {
        var cores = CoreNames.Where(args.Includes).ToArray();
        if (cores.Length == 0)
            return Usage($"--only names no memory; the memories are {string.Join(", ", CoreNames)}.");
        var seeds = int.Parse(args.Setting("seeds", "5"), CultureInfo.InvariantCulture);
        var runs = Path.Combine(args.OutputDirectory, "mpn-compare");
        Directory.CreateDirectory(runs);
        foreach (var core in cores)
        {
            for (var seed = 1; seed <= seeds; seed++)
            {
                var options = Preset(task, Core(core, task, args));
                if (args.Steps is long steps)
                    options.TotalTimesteps = steps;
                options.Seed = seed;
                Override(options, args.Setting("set", ""));
                options.EvaluationInterval = 5;
                options.EvaluationEpisodes = 20;
                var label = $"{task} {core} seed {seed}";
                options.Progress = new ConsoleProgressBar(label);
                var clock = Stopwatch.StartNew();
                var ml = new MLContext(seed: 0);
                var policy = ml.Synaptic().Trainers.RecurrentDqn(options).Fit(EmptyObservations(ml, options.EnvironmentFactory!));
                var final = ml.Synaptic().Evaluate(policy, options.EnvironmentFactory!, FinalEpisodes, FinalSeed);
                var evaluations = policy.TrainingHistory!.Evaluations.ToArray();
                var result = new RunResult(task, core, options.Core.ToString()!, seed, options.TotalTimesteps, clock.Elapsed.TotalSeconds, final.MeanReturn, final.StdReturn,
                    evaluations.Select(e => e.EnvironmentSteps).ToArray(), evaluations.Select(e => e.MeanReturn).ToArray());
                File.WriteAllText(Path.Combine(runs, $"{task}-{core}-seed{seed}.json"), JsonSerializer.Serialize(result));
                Console.WriteLine($"{label}: {final} after {options.TotalTimesteps:N0} steps, {clock.Elapsed.TotalSeconds:F0} s");
            }
        }
        Summarize(args.OutputDirectory, task);
        return 0;
    }

    /// <summary>The table and the learning curves of every run of <paramref name="task"/> found under <c>mpn-compare/</c>.</summary>
    private static void Summarize(string directory, string task)
    {
        var results = Directory.GetFiles(Path.Combine(directory, "mpn-compare"), $"{task}-*.json")
            .Select(f => JsonSerializer.Deserialize<RunResult>(File.ReadAllText(f))!)
            .GroupBy(r => r.Core)
            .OrderBy(g => Array.IndexOf(CoreNames, g.Key))
            .ToArray();
        var table = new StringBuilder($"| memory ({task}) | seeds | steps | final mean return (100 episodes each) | per seed | training s (median) |\n|---|---:|---:|---|---|---:|\n");
        var bands = new List<BandSeries>();
        // Returns of the integration task are fractions correct.
        var format = task == "integration" ? "F3" : "F1";
        foreach (var group in results)
        {
            var runs = group.OrderBy(r => r.Seed).ToArray();
            var means = runs.Select(r => r.FinalMean).ToArray();
            var (mean, std) = SampleStatistics.MeanStd(means);
            var seconds = runs.Select(r => r.Seconds).Order().ToArray()[runs.Length / 2];
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {runs[0].Description} | {runs.Length} | {runs[0].Steps:N0} | {mean.ToString(format, CultureInfo.InvariantCulture)} ± {std.ToString(format, CultureInfo.InvariantCulture)} | {string.Join(", ", means.Select(m => m.ToString(format, CultureInfo.InvariantCulture)))} | {seconds:F0} |"));
            // Evaluations happen at the same steps in every seed's run: mean ± std at each.
            var points = runs.Min(r => r.EvaluationSteps.Length);
            if (points == 0)
                continue;
            var x = new double[points];
            var y = new double[points];
            var lower = new double[points];
            var upper = new double[points];
            for (var i = 0; i < points; i++)
            {
                x[i] = runs[0].EvaluationSteps[i];
                (y[i], var s) = SampleStatistics.MeanStd(runs.Select(r => r.EvaluationReturns[i]).ToArray());
                lower[i] = y[i] - s;
                upper[i] = y[i] + s;
            }
            bands.Add(new BandSeries(runs[0].Description, x, y, lower, upper));
        }
        File.WriteAllText(Path.Combine(directory, $"mpn-compare-{task}.md"), table.ToString());
        Console.WriteLine(table);
        if (bands.Count > 0)
        {
            BandPlot.SavePng(Path.Combine(directory, $"mpn-compare-{task}.png"), bands,
                $"{task}: evaluation return (20 episodes), mean ± std over seeds", "environment steps", "mean return");
        }
    }


    private static int Train(SampleArguments args, string task)
    {
        var name = args.Setting("experiment", $"{task}__mpn-dqn__{DateTime.Now:yyyyMMdd-HHmmss}");
        var folder = Path.Combine(args.OutputDirectory, "experiments", name);
        Directory.CreateDirectory(folder);
        var coreName = args.Setting("core", "mpn");
        var options = Preset(task, Core(coreName, task, args));
        if (args.Steps is long steps)
            options.TotalTimesteps = steps;
        options.Seed = int.Parse(args.Setting("seed", "1"), CultureInfo.InvariantCulture);
        Override(options, args.Setting("set", ""));
        options.EvaluationInterval = 5;
        options.EvaluationEpisodes = 20;
        options.CheckpointDirectory = Path.Combine(folder, "checkpoints");
        options.CheckpointInterval = 10;
        options.Progress = new ConsoleProgressBar($"{name}");
        var config = new ExperimentConfig(name, task, coreName, options.Core.ToString()!, options.Seed.Value, options.TotalTimesteps, options.LearningRate,
            options.BatchSize, options.SequenceLength, options.BurnIn, options.TargetUpdateInterval, options.Gamma,
            typeof(RecurrentDqnTrainer).Assembly.GetName().Version!.ToString(), Environment.CommandLine);
        File.WriteAllText(Path.Combine(folder, "config.json"), JsonSerializer.Serialize(config, new JsonSerializerOptions { WriteIndented = true }));
        var ml = new MLContext(seed: 0);
        var policy = ml.Synaptic().Trainers.RecurrentDqn(options).Fit(EmptyObservations(ml, options.EnvironmentFactory!));
        ml.Model.Save(policy, null, Path.Combine(folder, "final.zip"));
        var best = Path.Combine(options.CheckpointDirectory, "best-policy.zip");
        if (File.Exists(best))
            File.Copy(best, Path.Combine(folder, "best.zip"), overwrite: true);
        var history = policy.TrainingHistory!;
        using (var csv = File.CreateText(Path.Combine(folder, "history.csv")))
            ml.Data.SaveAsText(history.MetricsToDataView(ml), csv.BaseStream, separatorChar: ',', headerRow: true, schema: false);
        history.SaveLearningCurve(Path.Combine(folder, "learning-curve.png"), $"{name}: {options.Core}");
        WriteReadme(folder, config);
        Console.WriteLine($"{name}: trained; {folder}");
        return 0;
    }

    /// <summary>The experiment folder named by <c>--experiment</c>, its config, and its final policy.</summary>
    private static (string Folder, ExperimentConfig Config, PolicyTransformer Policy, MLContext Ml) Open(SampleArguments args)
    {
        var name = args.Setting("experiment", "");
        if (name.Length == 0)
            throw new ArgumentException($"mpn {args.Verb} needs --experiment NAME (a folder under experiments/ made by mpn train).");
        var folder = Path.Combine(args.OutputDirectory, "experiments", name);
        var configPath = Path.Combine(folder, "config.json");
        if (!File.Exists(configPath))
            throw new FileNotFoundException($"No experiment '{name}': {configPath} does not exist; run mpn train --experiment {name} first.", configPath);
        var config = JsonSerializer.Deserialize<ExperimentConfig>(File.ReadAllText(configPath))!;
        var ml = new MLContext(seed: 0);
        ml.Synaptic();   // registers the loaders of Synaptic's transformers
        var policy = (PolicyTransformer)ml.Model.Load(Path.Combine(folder, "final.zip"), out _);
        return (folder, config, policy, ml);
    }

    private static int Evaluate(SampleArguments args)
    {
        var (folder, config, policy, ml) = Open(args);
        var factory = Preset(config.Task, null).EnvironmentFactory!;
        var lines = new List<string>();
        foreach (var model in new[] { "final", "best" })
        {
            var path = Path.Combine(folder, $"{model}.zip");
            if (!File.Exists(path))
                continue;
            var loaded = model == "final" ? policy : (PolicyTransformer)ml.Model.Load(path, out _);
            var result = ml.Synaptic().Evaluate(loaded, factory, FinalEpisodes, FinalSeed);
            var ci = 1.96 * result.StdReturn / Math.Sqrt(result.Episodes);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{model}.zip: mean return {result.MeanReturn:G4} ± {ci:G3} (95% CI, {result.Episodes} episodes from seed {FinalSeed}), std {result.StdReturn:G4}"));
        }
        File.WriteAllLines(Path.Combine(folder, "evaluation.txt"), lines);
        lines.ForEach(Console.WriteLine);
        WriteReadme(folder, config);
        return 0;
    }

    private static int Render(SampleArguments args)
    {
        var (folder, config, policy, _) = Open(args);
        var env = Preset(config.Task, null).EnvironmentFactory!();
        var episode = ((RecurrentQPolicy)policy.Model).RecordEpisode(env, FinalSeed, frames: true);
        var path = Path.Combine(folder, "videos", "episode.gif");
        var frames = RecurrentStateAnalysis.WriteEpisodeGif(path, episode);
        Console.WriteLine($"{path}: {frames} frames of an episode with return {episode.Return:G4}");
        WriteReadme(folder, config);
        return 0;
    }

    private static int Analyze(SampleArguments args)
    {
        var (folder, config, policy, _) = Open(args);
        var factory = Preset(config.Task, null).EnvironmentFactory!;
        var model = (RecurrentQPolicy)policy.Model;
        var episodes = Enumerable.Range(0, 20).Select(i => model.RecordEpisode(factory(), FinalSeed + i, frames: i == 0)).ToArray();
        var report = RecurrentStateAnalysis.Write(Path.Combine(folder, "analysis"), episodes, new RecurrentAnalysisOptions { RenderedEpisode = 0 });
        var trace = report.TraceParticipationRatio is double pr ? FormattableString.Invariant($"; of M: {pr:F2} (of {model.StateSize})") : "";
        Console.WriteLine(FormattableString.Invariant($"Participation ratio of h: {report.HiddenParticipationRatio:F2} (of {model.HiddenSize} dimensions)") +
            $"{trace}; {report.Files.Count} files in {Path.Combine(folder, "analysis")}");
        WriteReadme(folder, config);
        return 0;
    }

    /// <summary>The run's README: its settings and whatever results the folder holds.</summary>
    private static void WriteReadme(string folder, ExperimentConfig config)
    {
        var text = new StringBuilder($"# {config.Name}\n\n{config.CoreDescription} on {config.Task}, seed {config.Seed}, {config.TotalTimesteps:N0} steps " +
            $"(Synaptic.ML {config.LibraryVersion}). Re-run: `{config.CommandLine}`.\n\n![learning curve](learning-curve.png)\n");
        var evaluation = Path.Combine(folder, "evaluation.txt");
        if (File.Exists(evaluation))
            text.Append("\n## Evaluation\n\n").AppendJoin("\n", File.ReadAllLines(evaluation).Select(l => $"- {l}")).Append('\n');
        var analysis = Path.Combine(folder, "analysis", "analysis.json");
        if (File.Exists(analysis))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(analysis));
            text.Append("\n## Analysis\n\nFiles in `analysis/` (PCA of h and of M over 20 episodes, M heatmap, episode GIF). ");
            foreach (var part in new[] { "hidden", "trace" })
            {
                if (json.RootElement.TryGetProperty(part, out var summary) && summary.ValueKind == JsonValueKind.Object && summary.TryGetProperty("participationRatio", out var pr))
                    text.Append(CultureInfo.InvariantCulture, $"Participation ratio of {(part == "hidden" ? "h" : "M")}: {pr.GetDouble():F2}. ");
            }
            text.Append('\n');
        }
        if (File.Exists(Path.Combine(folder, "videos", "episode.gif")))
            text.Append("\n![episode](videos/episode.gif)\n");
        File.WriteAllText(Path.Combine(folder, "README.md"), text.ToString());
    }

    /// <summary>Applies <c>--set "Name=value;Name=value"</c> to the trainer's options (numbers, booleans; invariant culture).</summary>
    internal static void Override(RecurrentDqnTrainer.Options options, string settings)
    {
        foreach (var pair in settings.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            var property = parts.Length == 2 ? typeof(RecurrentDqnTrainer.Options).GetProperty(parts[0]) : null;
            if (property is null || !property.CanWrite)
                throw new ArgumentException($"--set: '{pair}' is not Name=value of a settable option of {nameof(RecurrentDqnTrainer)}.Options.");
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            property.SetValue(options, Convert.ChangeType(parts[1], type, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>An empty view with the task's observation column: the trainers learn from their own episodes.</summary>
    internal static IDataView EmptyObservations(MLContext ml, Func<Env> factory)
    {
        var size = factory().ObservationSpace.Size;
        var schema = Microsoft.ML.Data.SchemaDefinition.Create(typeof(ObservationRow));
        schema[nameof(ObservationRow.Observation)].ColumnType = new Microsoft.ML.Data.VectorDataViewType(Microsoft.ML.Data.NumberDataViewType.Single, size);
        return ml.Data.LoadFromEnumerable(Array.Empty<ObservationRow>(), schema);
    }

    private sealed class ObservationRow
    {
        public float[] Observation { get; set; } = [];
    }

    /// <summary>One training run of <c>compare</c>.</summary>
    private sealed record RunResult(string Task, string Core, string Description, int Seed, long Steps, double Seconds, double FinalMean, double FinalStd, long[] EvaluationSteps, double[] EvaluationReturns);

    /// <summary>What an experiment folder's config.json holds: enough to re-run it.</summary>
    private sealed record ExperimentConfig(string Name, string Task, string Core, string CoreDescription, int Seed, long TotalTimesteps, double LearningRate,
        int BatchSize, int SequenceLength, int BurnIn, int TargetUpdateInterval, double Gamma, string LibraryVersion, string CommandLine);
}
