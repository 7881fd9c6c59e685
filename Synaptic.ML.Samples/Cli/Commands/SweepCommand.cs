using System.CommandLine;
using System.Globalization;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// <c>synaptic sweep</c>: grid or random search over options × seeds. Every configuration (each combination of the
/// <c>--grid</c> lists, or <c>--random N</c> draws from the lists and <c>--range</c>s) runs with every seed, in parallel
/// within the machine, each into its own experiment folder under <c>sweeps/{name}/runs/</c>; then
/// <c>summary.md</c>, <c>summary.csv</c> and <c>best.json</c> rank the configurations by their mean final score over
/// seeds with 95% confidence intervals. Every setting is checked before the first run starts.
/// </summary>
public static class SweepCommand
{
    /// <summary>The most configurations a sweep takes (a grid beyond it is surely a typo).</summary>
    public const int MaxConfigurations = 10_000;

    /// <summary>Makes the command.</summary>
    /// <param name="console">Where output goes.</param>
    /// <param name="stop">Signalled to stop the sweep (running runs stop with a checkpoint).</param>
    /// <returns>The command.</returns>
    public static Command Create(CliConsole console, CancellationToken stop)
    {
        var algo = new Option<string>("--algo") { Description = "The algorithm (synaptic algorithms lists them)." };
        var env = new Option<string>("--env") { Description = "The environment id or data set." };
        var preset = new Option<string>("--preset") { Description = "The preset every run starts from (default: the algorithm's preset for the environment)." };
        var config = new Option<string>("--config") { Description = "A JSON or YAML settings file every run reads (as train --config)." };
        var budget = new Option<long?>("--budget") { Description = "Each run's budget: steps, episodes or epochs, as the algorithm counts." };
        var set = new Option<string[]>("--set") { Description = "path=value settings every run gets.", AllowMultipleArgumentsPerToken = true };
        var grid = new Option<string[]>("--grid") { Description = "path=v1,v2,…: an option and its values (once per option; semicolons separate values that hold commas: Policy.HiddenSizes=64,64;128,128)." };
        var range = new Option<string[]>("--range") { Description = "path=low..high[:log]: a range for --random to draw from (whole numbers when both ends are)." };
        var random = new Option<int?>("--random") { Description = "Draw N configurations at random instead of walking the whole grid." };
        var seed = new Option<int>("--seed") { Description = "The seed of the --random draws (the runs' seeds are --seeds).", DefaultValueFactory = _ => 0 };
        var seeds = new Option<string[]>("--seeds") { Description = "The seeds every configuration runs with: 1,2,3 or 1..5.", AllowMultipleArgumentsPerToken = true };
        var parallel = new Option<int?>("--parallel") { Description = "Runs at once (default: one per processor, each on its trainer's libtorch threads)." };
        var evalEpisodes = new Option<int>("--eval-episodes") { Description = "Episodes of each run's final evaluation (its score).", DefaultValueFactory = _ => 10 };
        var name = new Option<string>("--name") { Description = "The sweep's name (default env__algo__time); the same name and plan again continues a stopped sweep." };
        var output = new Option<string>("--out") { Description = "Where sweep folders go.", DefaultValueFactory = _ => "sweeps" };
        var command = new Command("sweep", "Grid or random search over options × seeds, in parallel: sweeps/{name}/ with runs/, summary.md, summary.csv and best.json.")
        {
            algo, env, preset, config, budget, set, grid, range, random, seed, seeds, parallel, evalEpisodes, name, output,
        };
        command.SetAction(parse =>
        {
            var space = SearchSpace.Parse(parse.GetValue(grid) ?? [], parse.GetValue(range) ?? []);
            var draws = parse.GetValue(random);
            if (space.HasRanges && draws is null)
                throw new ArgumentException("--range needs --random N: a range is drawn from, not walked.");
            if (draws is null && space.GridSize > MaxConfigurations)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The grid has {space.GridSize:N0} configurations, more than {MaxConfigurations:N0}; use --random N to draw some."));
            if (draws is < 1 or > MaxConfigurations)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--random {draws}: draw between 1 and {MaxConfigurations:N0} configurations."));
            var configurations = draws is int n ? space.Sample(n, parse.GetValue(seed)) : space.Grid();
            var runSeeds = SeedList.Parse(parse.GetValue(seeds));

            // Resolve the shared request, then every configuration on top of it, before anything runs.
            var shared = new TrainRequest
            {
                Algorithm = parse.GetValue(algo),
                Environment = parse.GetValue(env),
                Preset = parse.GetValue(preset),
                ConfigFile = parse.GetValue(config),
                Budget = parse.GetValue(budget),
                Settings = parse.GetValue(set) ?? [],
            };
            var resolved = ResolvedRequest.Of(shared);
            var threads = configurations.Select(c => Check(shared, c).Options.TorchThreads).Max();
            var started = DateTime.Now;
            var sweepName = parse.GetValue(name) ?? string.Create(CultureInfo.InvariantCulture, $"{Safe(resolved.Environment)}__{resolved.Algorithm.Name}__{started:yyyyMMdd-HHmmss}");
            var plan = new SweepPlan
            {
                Name = sweepName,
                Algorithm = resolved.Algorithm.Name,
                Environment = resolved.Environment,
                Preset = resolved.Preset,
                ConfigFile = shared.ConfigFile,
                Budget = shared.Budget,
                Settings = shared.Settings,
                Search = draws is int d ? string.Create(CultureInfo.InvariantCulture, $"random {d} (seed {parse.GetValue(seed)})") : "grid",
                Space = [.. space.Dimensions.Select(x => x.ToString())],
                Configurations = configurations,
                Seeds = runSeeds,
                EvaluationEpisodes = parse.GetValue(evalEpisodes),
                CommandLine = ["synaptic", .. parse.Tokens.Select(t => t.Value)],
            };
            var folder = new SweepFolder(Path.GetFullPath(Path.Combine(parse.GetValue(output)!, sweepName)));
            if (File.Exists(folder.Plan))
            {
                if (!SweepPlan.Load(folder.Plan).SameRunsAs(plan))
                    throw new IOException($"{folder.Root} holds another sweep (its sweep.json asks for other runs); choose another --name.");
                console.Output.WriteLine($"Continuing the sweep in {folder.Root}: finished runs are kept.");
            }
            Directory.CreateDirectory(folder.Runs);
            plan.Save(folder.Plan);

            var runs = plan.Runs(folder.Runs);
            var parallelism = parse.GetValue(parallel) ?? ParallelRuns.DefaultParallelism(runs.Count, threads);
            if (parallelism < 1)
                throw new ArgumentException($"--parallel {parallelism}: run at least one at a time.");
            console.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Sweep {sweepName}: {configurations.Count} configurations × {runSeeds.Count} seeds = {runs.Count} runs, {parallelism} at a time."));
            var outcomes = ParallelRuns.Run([.. runs.Select(r => r.Request)], parallelism, threads, console.Output, stop);

            var groups = configurations.Select(c => new RunGroup(
                c.Number.ToString("D2", CultureInfo.InvariantCulture), c.Label, c.Settings,
                [.. runs.Select((r, i) => (r, outcome: outcomes[i]))
                    .Where(x => x.r.Configuration.Number == c.Number && x.outcome.Finished)
                    .Select(x => FinishedRun.Read(x.outcome.Folder!.Root))]));
            var ranked = RunGroup.Ranked(groups);
            var unfinished = outcomes.Where(o => !o.Finished).ToList();
            var best = SweepSummary.Write(folder, plan, ranked, unfinished);

            console.Output.WriteLine();
            console.Output.Write(ScoreTable.Markdown(ranked, "config"));
            console.Output.WriteLine();
            if (best is not null)
                console.Output.WriteLine($"Best: configuration {best.Id} ({best.Label}): {best.Mean.ToString("F2", CultureInfo.InvariantCulture)} ± {best.ConfidenceHalfWidth.ToString("F2", CultureInfo.InvariantCulture)}");
            console.Output.WriteLine($"Summary: {folder.Summary}");
            if (best is not null)
                console.Output.WriteLine($"Best configuration: {folder.Best} (synaptic train --config {folder.Best})");
            if (unfinished.Count > 0)
            {
                console.Error.WriteLine($"synaptic: {unfinished.Count} of {runs.Count} runs did not finish ({string.Join("; ", unfinished.Take(3))}{(unfinished.Count > 3 ? "; …" : "")}).");
                console.Error.WriteLine($"Continue with the same command and --name {sweepName}.");
                return outcomes.Any(o => o.Status == "failed") || best is null ? 1 : 0;
            }
            return 0;
        });
        return command;
    }

    private static ResolvedRequest Check(TrainRequest shared, SweepConfiguration configuration)
    {
        try
        {
            return ResolvedRequest.Of(shared with { Settings = [.. shared.Settings, .. configuration.Assignments] });
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Sweep configuration {configuration.Number} ({configuration.Label}): {e.Message}", e);
        }
    }

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-'));
}
