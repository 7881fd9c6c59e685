using System.CommandLine;
using System.Globalization;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// <c>synaptic compare</c>: several configurations × seeds as a table of final scores (mean ± 95% CI over seeds) and
/// plots. Given experiment folders (or folders of them: <c>experiments/</c>, a sweep), it groups their runs by
/// configuration — everything but the seed — and tabulates their evaluations; given <c>--algo</c> or <c>--preset</c>
/// (several), it first trains each on each <c>--env</c> with each of <c>--seeds</c>, in parallel, into
/// <c>compare/{name}/runs/</c>. Writes <c>compare/{name}/</c> comparison.md, comparison.csv, comparison.png (learning
/// curves) and scores.png.
/// </summary>
public static class CompareCommand
{
    /// <summary>Makes the command.</summary>
    /// <param name="console">Where output goes.</param>
    /// <param name="stop">Signalled to stop the training (running runs stop with a checkpoint).</param>
    /// <returns>The command.</returns>
    public static Command Create(CliConsole console, CancellationToken stop)
    {
        var paths = new Argument<string[]>("paths") { Arity = ArgumentArity.ZeroOrMore, Description = "Experiment folders, or folders holding them (experiments/, a sweep, a comparison)." };
        var algo = new Option<string[]>("--algo") { Description = "Train and compare these algorithms (each with its preset for the environment).", AllowMultipleArgumentsPerToken = true };
        var preset = new Option<string[]>("--preset") { Description = "Train and compare these presets.", AllowMultipleArgumentsPerToken = true };
        var env = new Option<string[]>("--env") { Description = "The environments to train on (default: each preset's).", AllowMultipleArgumentsPerToken = true };
        var seeds = new Option<string[]>("--seeds") { Description = "The seeds of each: 1,2,3 or 1..5.", AllowMultipleArgumentsPerToken = true };
        var budget = new Option<long?>("--budget") { Description = "Each run's budget: steps, episodes or epochs, as the algorithm counts." };
        var set = new Option<string[]>("--set") { Description = "path=value settings every run gets.", AllowMultipleArgumentsPerToken = true };
        var parallel = new Option<int?>("--parallel") { Description = "Runs at once (default: one per processor, each on its trainer's libtorch threads)." };
        var evalEpisodes = new Option<int>("--eval-episodes") { Description = "Episodes of each run's final evaluation (its score).", DefaultValueFactory = _ => 10 };
        var metric = new Option<string>("--metric") { Description = "The learning curves' metric (default rollout/episode_return, else eval/mean_return)." };
        var name = new Option<string>("--name") { Description = "The comparison's name (default: the time)." };
        var output = new Option<string>("--out") { Description = "Where comparison folders go.", DefaultValueFactory = _ => "compare" };
        var command = new Command("compare", "Compare runs × seeds: a table of mean ± 95% CI and plots, from experiment folders or by training --algo/--preset × --seeds.")
        {
            paths, algo, preset, env, seeds, budget, set, parallel, evalEpisodes, metric, name, output,
        };
        command.SetAction(parse =>
        {
            var folders = parse.GetValue(paths) ?? [];
            var algorithms = parse.GetValue(algo) ?? [];
            var presets = parse.GetValue(preset) ?? [];
            if (folders.Length > 0 && (algorithms.Length > 0 || presets.Length > 0))
                throw new ArgumentException("Give experiment folders to compare, or --algo/--preset to train and compare, not both.");
            if (folders.Length == 0 && algorithms.Length == 0 && presets.Length == 0)
                throw new ArgumentException("Nothing to compare: give experiment folders (synaptic compare experiments/a experiments/b), or --algo/--preset with --env and --seeds.");
            var comparisonName = parse.GetValue(name) ?? DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            var directory = Path.GetFullPath(Path.Combine(parse.GetValue(output)!, comparisonName));
            var notes = new List<string>();
            IReadOnlyList<FinishedRun> runs;
            var failed = false;
            if (folders.Length > 0)
            {
                var skipped = new List<string>();
                runs = FinishedRun.Find(folders, skipped);
                if (runs.Count == 0)
                    throw new InvalidDataException($"No finished run to compare in {string.Join(", ", folders)}: {string.Join(" ", skipped)}");
                foreach (var reason in skipped)
                    console.Error.WriteLine($"synaptic: left out: {reason}");
                if (skipped.Count > 0)
                    notes.Add($"Left out (no evaluation): {string.Join(" ", skipped)}");
            }
            else
            {
                var requests = Requests(algorithms, presets, parse.GetValue(env) ?? [], SeedList.Parse(parse.GetValue(seeds)),
                    parse.GetValue(budget), parse.GetValue(set) ?? [], parse.GetValue(evalEpisodes), Path.Combine(directory, "runs"), out var threads);
                if (Directory.Exists(Path.Combine(directory, "runs")))
                    throw new IOException($"{directory} already holds a comparison's runs; choose another --name, or compare them: synaptic compare {Path.Combine(directory, "runs")}.");
                var parallelism = parse.GetValue(parallel) ?? ParallelRuns.DefaultParallelism(requests.Count, threads);
                if (parallelism < 1)
                    throw new ArgumentException($"--parallel {parallelism}: run at least one at a time.");
                console.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Comparison {comparisonName}: {requests.Count} runs, {parallelism} at a time."));
                var outcomes = ParallelRuns.Run(requests, parallelism, threads, console.Output, stop);
                runs = [.. outcomes.Where(o => o.Finished).Select(o => FinishedRun.Read(o.Folder!.Root))];
                var unfinished = outcomes.Where(o => !o.Finished).ToList();
                failed = unfinished.Count > 0;
                if (failed)
                {
                    notes.Add($"Runs that did not finish: {string.Join("; ", unfinished)}.");
                    console.Error.WriteLine($"synaptic: {unfinished.Count} of {outcomes.Count} runs did not finish ({string.Join("; ", unfinished.Take(3))}{(unfinished.Count > 3 ? "; …" : "")}).");
                }
                if (runs.Count == 0)
                    return 1;
            }
            notes.Add($"Command: `synaptic {string.Join(" ", parse.Tokens.Select(t => t.Value))}`");

            var ranked = RunGroup.Ranked(RunGroup.ByConfiguration(runs));
            foreach (var group in ranked.Where(g => g.RepeatedSeeds.Count > 0))
            {
                var warning = $"'{group.Label}' has more than one run with seed {string.Join(", ", group.RepeatedSeeds)} (copies of a run?); each counts in its mean.";
                console.Error.WriteLine($"synaptic: {warning}");
                notes.Add($"Warning: {warning}");
            }
            var files = ComparisonReport.Write(directory, comparisonName, ranked, parse.GetValue(metric), notes);
            console.Output.WriteLine();
            console.Output.Write(ScoreTable.Markdown(ranked, "#"));
            console.Output.WriteLine();
            foreach (var file in files)
                console.Output.WriteLine(file);
            return failed ? 1 : 0;
        });
        return command;
    }

    // Each algorithm or preset on each environment with each seed, every one resolved (so checked) before any runs.
    private static List<TrainRequest> Requests(string[] algorithms, string[] presets, string[] environments, IReadOnlyList<int> seeds,
        long? budget, string[] settings, int evaluationEpisodes, string runs, out int? threads)
    {
        var variants = algorithms.Select(a => (Label: a, Request: new TrainRequest { Algorithm = a }))
            .Concat(presets.Select(p => (Label: p, Request: new TrainRequest { Algorithm = TrainerPresets.Get(p).Algorithm, Preset = p })))
            .DistinctBy(v => v.Label, StringComparer.OrdinalIgnoreCase).ToList();
        var requests = new List<TrainRequest>();
        threads = null;
        foreach (var (label, variant) in variants)
        {
            foreach (var environment in environments.Length == 0 ? [null] : environments.Distinct(StringComparer.Ordinal).ToArray<string?>())
            {
                var shared = variant with { Environment = environment, Budget = budget, Settings = settings, EvaluationEpisodes = evaluationEpisodes, ExperimentsDirectory = runs };
                var resolved = ResolvedRequest.Of(shared);
                threads = Math.Max(threads ?? 1, resolved.Options.TorchThreads ?? 1);
                foreach (var seed in seeds)
                {
                    var runName = string.Create(CultureInfo.InvariantCulture, $"{Safe(label)}__{Safe(resolved.Environment)}__seed-{seed}");
                    List<string> command = ["synaptic", "train", "--algo", resolved.Algorithm.Name, "--env", resolved.Environment];
                    if (shared.Preset is not null)
                        command.AddRange(["--preset", shared.Preset]);
                    if (budget is long b)
                        command.AddRange(["--budget", b.ToString(CultureInfo.InvariantCulture)]);
                    command.AddRange(["--seed", seed.ToString(CultureInfo.InvariantCulture), .. settings.SelectMany(s => new[] { "--set", s })]);
                    requests.Add(shared with { Environment = resolved.Environment, Seed = seed, Name = runName, CommandLine = command });
                }
            }
        }
        return requests;
    }

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-'));
}
