using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Synaptic.ML.Torch;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Benchmarks;

/// <summary>
/// A Synaptic.ML trainer on exactly the schedule of a Stable-Baselines3 peer script under <c>bench/peers</c>, so
/// that the two are compared like for like: the same hyperparameters, seeds, evaluation schedule and target, time
/// to solve measured without the evaluations, and throughput over the training loop. <see cref="PpoSolveBesideSb3"/>
/// and <see cref="DqnSolveBesideSb3"/> are its two uses.
/// </summary>
/// <remarks>
/// <para>
/// Not a BenchmarkDotNet class: the quantity of interest is the training time up to the first passing
/// evaluation <i>without</i> the evaluations, which the trainer's <see cref="TrainingHistory"/> records
/// (<see cref="UpdateRecord.WallSeconds"/>) but BenchmarkDotNet cannot take as its measurement, and each seed is one
/// long, different run whose steps to solve matter as much as its time.
/// </para>
/// <para>
/// Options: <c>[--mode solve|throughput|both] [--seeds 0,1,2,3] [--repeats 1] [--threads 1] [--throughput-steps N]
/// [--budget N] [--eval-every-iterations N] [--eval-episodes N] [--target R]</c>; it prints JSON with the same keys as
/// the Python scripts. Throughput mode trains for the given steps with no evaluation; its rate is over the training
/// loop only (the trainer's wall seconds), as the scripts' is over <c>learn()</c> without building the model, and also
/// per process CPU second (over all of <c>Fit</c>).
/// </para>
/// </remarks>
/// <param name="Switch">The command-line switch that selects the runner.</param>
/// <param name="Algorithm">The algorithm's name, for the report.</param>
/// <param name="EnvironmentId">The environment.</param>
/// <param name="StepsPerIteration">Environment steps per training iteration (the unit of the evaluation interval).</param>
/// <param name="Defaults">The settings when the command line gives none.</param>
/// <param name="CreateOptions">The trainer's options for a step budget (hyperparameters as the peer's).</param>
/// <param name="CreateTrainer">The trainer for those options.</param>
public sealed record SolveBesideSb3(string Switch, string Algorithm, string EnvironmentId, int StepsPerIteration, SolveBesideSb3.Settings Defaults,
    Func<long, EnvironmentTrainerOptions> CreateOptions, Func<MLContext, EnvironmentTrainerOptions, IEstimator<PolicyTransformer>> CreateTrainer)
{
    /// <summary>Runs the comparison with the given command-line arguments and prints JSON to standard output.</summary>
    /// <param name="args">The arguments after the runner's switch.</param>
    /// <returns>The process exit code.</returns>
    public int Run(string[] args)
    {
        var settings = Settings.Parse(args, Switch, Defaults);
        TorchRuntime.EnsureAvailable();
        var ml = new MLContext(seed: 0);
        // Only the Observation column: a view with transitions in it would pre-fill an off-policy trainer's replay buffer.
        var schema = ObservationView(ml, ml.Synaptic().Environments.Make(EnvironmentId).ObservationSpace.Size);

        var runs = new List<object>();
        foreach (var threads in settings.Threads)
        {
            var entry = new Dictionary<string, object> { ["threads"] = threads };
            if (settings.Mode is "solve" or "both")
            {
                var solves = new List<SolveRun>();
                for (var repeat = 0; repeat < settings.Repeats; repeat++)
                    foreach (var seed in settings.Seeds)
                        solves.Add(Solve(ml, schema, seed, threads, settings));
                Console.Error.WriteLine($"solve, {threads} thread(s): done");
                var solved = solves.Where(r => r.Solved).ToList();
                entry["solve"] = new
                {
                    PerSeed = settings.Seeds.Select(seed =>
                    {
                        var mine = solved.Where(r => r.Seed == seed).ToList();
                        return new
                        {
                            Seed = seed,
                            SolvedRuns = mine.Count,
                            StepsToSolve = mine.Select(r => r.StepsToSolve).Distinct().Order().ToList(),
                            MedianSecondsToSolve = Median(mine.Select(r => r.SecondsToSolve!.Value)),
                            MedianEnvStepsPerSecond = Median(mine.Select(r => r.EnvStepsPerSecond!.Value)),
                        };
                    }).ToList(),
                    MedianStepsToSolve = Median(solved.Select(r => (double)r.StepsToSolve)),
                    MedianSecondsToSolve = Median(solved.Select(r => r.SecondsToSolve!.Value)),
                    Runs = solves,
                };
            }
            if (settings.Mode is "throughput" or "both")
            {
                var rates = new List<ThroughputRun>();
                for (var repeat = 0; repeat < settings.Repeats; repeat++)
                    foreach (var seed in settings.Seeds)
                        rates.Add(Throughput(ml, schema, seed, threads, settings.ThroughputSteps));
                Console.Error.WriteLine($"throughput, {threads} thread(s): done");
                entry["throughput"] = new
                {
                    MedianEnvStepsPerSecond = Median(rates.Select(r => r.EnvStepsPerSecond)),
                    MedianEnvStepsPerCpuSecond = Median(rates.Select(r => r.EnvStepsPerCpuSecond)),
                    Runs = rates,
                };
            }
            runs.Add(entry);
        }

        var report = new
        {
            Library = "Synaptic.ML " + typeof(PolicyTransformer).Assembly.GetName().Version,
            Algorithm = Algorithm,
            Environment = EnvironmentId,
            Runtime = Environment.Version.ToString(),
            Schedule = new
            {
                EvaluateEverySteps = settings.EvaluationInterval * StepsPerIteration,
                EvaluationEpisodes = settings.EvaluationEpisodes,
                Target = settings.Target,
                Budget = settings.Budget,
            },
            Runs = runs,
        };
        Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        }));
        return 0;
    }

    private SolveRun Solve(MLContext ml, IDataView schema, int seed, int threads, Settings settings)
    {
        var options = CreateOptions(settings.Budget);
        options.Seed = seed;
        options.TorchThreads = threads;
        options.EvaluationInterval = settings.EvaluationInterval;
        options.EvaluationEpisodes = settings.EvaluationEpisodes;
        options.StopAtEvaluationReturn = settings.Target;
        var clock = Stopwatch.StartNew();
        var history = CreateTrainer(ml, options).Fit(schema).TrainingHistory
            ?? throw new InvalidOperationException($"The {Algorithm} policy came back without a training history; the time to solve is read from it.");
        var wall = clock.Elapsed.TotalSeconds;
        var evaluations = history.Evaluations
            .Select(e => new Evaluation(e.EnvironmentSteps, Math.Round(e.WallSeconds, 4), e.MeanReturn)).ToList();
        var first = evaluations.FirstOrDefault(e => e.MeanReturn >= settings.Target);
        var trainingSeconds = history.Updates[^1].WallSeconds;
        return first is null
            ? new SolveRun(seed, false, history.Updates[^1].EnvironmentSteps, null, null, Math.Round(wall - trainingSeconds, 4), evaluations)
            : new SolveRun(seed, true, first.Steps, first.TrainingSeconds, Math.Round(first.Steps / first.TrainingSeconds, 1),
                Math.Round(wall - trainingSeconds, 4), evaluations);
    }

    private ThroughputRun Throughput(MLContext ml, IDataView schema, int seed, int threads, long steps)
    {
        var options = CreateOptions(steps);
        options.Seed = seed;
        options.TorchThreads = threads;
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var history = CreateTrainer(ml, options).Fit(schema).TrainingHistory
            ?? throw new InvalidOperationException($"The {Algorithm} policy came back without a training history; the throughput is read from it.");
        process.Refresh();
        // CPU seconds as well as wall seconds: on a shared machine the wall clock also counts time spent waiting for a
        // core. The CPU time covers all of Fit (building the network and environments too), so it slightly understates.
        var cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var last = history.Updates[^1];
        return new ThroughputRun(seed, last.EnvironmentSteps, Math.Round(last.WallSeconds, 4), Math.Round(cpuSeconds, 4),
            Math.Round(last.EnvironmentSteps / last.WallSeconds, 1), Math.Round(last.EnvironmentSteps / cpuSeconds, 1));
    }

    private static IDataView ObservationView(MLContext ml, int size)
    {
        var definition = Microsoft.ML.Data.SchemaDefinition.Create(typeof(ObservationRow));
        definition[nameof(ObservationRow.Observation)].ColumnType = new Microsoft.ML.Data.VectorDataViewType(Microsoft.ML.Data.NumberDataViewType.Single, size);
        return ml.Data.LoadFromEnumerable(Array.Empty<ObservationRow>(), definition);
    }

    private static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
            return null;
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>One evaluation: steps so far, training seconds so far (evaluations excluded), mean return.</summary>
    private sealed record Evaluation(long Steps, double TrainingSeconds, double MeanReturn);

    /// <summary>
    /// One run to the target (<paramref name="StepsToSolve"/> is the steps trained when it was not reached, and the
    /// seconds and rate are then null). <paramref name="EvaluationSeconds"/> is everything in <c>Fit</c> outside the training
    /// loop's clock: the evaluations, plus building the network and the environments.
    /// </summary>
    private sealed record SolveRun(int Seed, bool Solved, long StepsToSolve, double? SecondsToSolve, double? EnvStepsPerSecond,
        double EvaluationSeconds, IReadOnlyList<Evaluation> Evaluations);

    private sealed record ThroughputRun(int Seed, long Steps, double Seconds, double CpuSeconds, double EnvStepsPerSecond, double EnvStepsPerCpuSecond);

    /// <summary>The command line's settings.</summary>
    /// <param name="Mode">solve, throughput or both.</param>
    /// <param name="Seeds">Seeds of the runs.</param>
    /// <param name="Repeats">Runs per seed (medians are reported).</param>
    /// <param name="Threads">TorchSharp thread counts to repeat everything with.</param>
    /// <param name="ThroughputSteps">Budget of a throughput run.</param>
    /// <param name="Budget">Budget of a solve run.</param>
    /// <param name="EvaluationInterval">Iterations between evaluations.</param>
    /// <param name="EvaluationEpisodes">Episodes per evaluation.</param>
    /// <param name="Target">The mean return that counts as solved.</param>
    public sealed record Settings(string Mode, int[] Seeds, int Repeats, int[] Threads, long ThroughputSteps,
        long Budget, int EvaluationInterval, int EvaluationEpisodes, double Target)
    {
        internal static Settings Parse(string[] args, string @switch, Settings defaults)
        {
            var settings = defaults;
            for (var i = 0; i < args.Length; i++)
            {
                var name = args[i];
                if (i + 1 >= args.Length)
                    throw new ArgumentException($"The option '{name}' needs a value.", nameof(args));
                var value = args[++i];
                settings = name switch
                {
                    "--mode" when value is "solve" or "throughput" or "both" => settings with { Mode = value },
                    "--mode" => throw new ArgumentException($"--mode is '{value}'; expected solve, throughput or both.", nameof(args)),
                    "--seeds" => settings with { Seeds = Integers(name, value) },
                    "--threads" => settings with { Threads = Integers(name, value) },
                    "--repeats" => settings with { Repeats = Integer(name, value) },
                    "--throughput-steps" => settings with { ThroughputSteps = Integer(name, value) },
                    "--budget" => settings with { Budget = Integer(name, value) },
                    "--eval-every-updates" or "--eval-every-iterations" => settings with { EvaluationInterval = Integer(name, value) },
                    "--eval-episodes" => settings with { EvaluationEpisodes = Integer(name, value) },
                    "--target" => settings with { Target = double.Parse(value, CultureInfo.InvariantCulture) },
                    _ => throw new ArgumentException($"Unknown option '{name}' for {@switch}; expected --mode, --seeds, --threads, --repeats, --throughput-steps, --budget, --eval-every-iterations (or --eval-every-updates), --eval-episodes or --target.", nameof(args)),
                };
            }
            return settings;
        }

        private static int Integer(string name, string value) =>
            Integers(name, value) is [var single] ? single : throw new ArgumentException($"{name} is '{value}'; expected one whole number.");

        private static int[] Integers(string name, string value)
        {
            var parts = value.Split(',');
            var numbers = new int[parts.Length];
            for (var i = 0; i < parts.Length; i++)
                if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out numbers[i]) || numbers[i] < 0)
                    throw new ArgumentException($"{name} is '{value}'; expected non-negative whole numbers separated by commas.");
            return numbers;
        }
    }

    private sealed class ObservationRow
    {
        public float[] Observation { get; set; } = [];
    }
}
