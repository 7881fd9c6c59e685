using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Custom;
using Synaptic.ML.Environments.Wrappers;
using Synaptic.ML.Plotting;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples;

/// <summary>
/// The specialist against the adaptable learner on GridWorld with random goals: tabular Q-learning trained on one goal
/// against MAML-RL adapting to new goals with a few policy-gradient steps, and the untrained policy (the same network
/// before meta-training) adapted with the same steps. Mean returns on the specialist's goal and on goals that neither
/// the specialist nor meta-training ever saw, after 0, 1, 5 and 10 adaptation steps, over seeds: a Markdown table and
/// a PNG. Settings: <c>--seeds 1,2,3</c>, <c>--iterations N</c> (meta-iterations), <c>--alpha</c> (inner learning rate), <c>--outer-lr</c>.
/// </summary>
public static class MamlRlComparison
{
    // An open 5×5 grid; the agent starts top-left and observes only its cell (one-hot), never the goal.
    private static readonly string[] Grid = ["S....", ".....", ".....", ".....", "....."];
    private static readonly (int Row, int Column) SpecialistGoal = (4, 4);

    /// <summary>Goals held out of meta-training as well, so that "unseen" holds for both learners (and for the command line's evaluation).</summary>
    internal static readonly (int Row, int Column)[] UnseenGoals = [(0, 4), (4, 0), (2, 2), (1, 3), (3, 1), (2, 4), (4, 2), (3, 3)];
    private static readonly int[] AdaptationSteps = [0, 1, 5, 10];
    private const int MaxEpisodeSteps = 20;
    private const int EvaluationEpisodes = 50;
    private const int SpecialistSteps = 20_000;

    public static int Run(SampleArguments args)
    {
        Directory.CreateDirectory(args.OutputDirectory);
        var seeds = args.Setting("seeds", "1,2,3").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var iterations = int.Parse(args.Setting("iterations", "100"), CultureInfo.InvariantCulture);
        var innerRate = double.Parse(args.Setting("alpha", "0.5"), CultureInfo.InvariantCulture);
        var outerRate = double.Parse(args.Setting("outer-lr", "3e-3"), CultureInfo.InvariantCulture);
        var ml = new MLContext(seed: 0);
        var tasks = TaskDistribution();
        var observations = ml.Synaptic().Data.Rollout(tasks.Sample(0)(), episodes: 1);
        (int Row, int Column)[] goals = [SpecialistGoal, .. UnseenGoals];

        // results[learner][seed, goal, k]: mean return after AdaptationSteps[k] steps (the specialist: k ignored).
        var maml = new double[seeds.Length, goals.Length, AdaptationSteps.Length];
        var scratch = new double[seeds.Length, goals.Length, AdaptationSteps.Length];
        var specialist = new double[seeds.Length, goals.Length];
        var watch = Stopwatch.StartNew();
        for (var s = 0; s < seeds.Length; s++)
        {
            var seed = seeds[s];
            var options = Options(tasks, seed, iterations, innerRate, outerRate);
            var trainer = ml.Synaptic().Trainers.MamlReinforcement(options);
            var metaWatch = Stopwatch.StartNew();
            using var metaPolicy = trainer.Fit(observations);
            var history = metaPolicy.TrainingHistory!;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"seed {seed}: meta-training {metaWatch.Elapsed.TotalSeconds:F0} s; return before/after adaptation, last 20 iterations: "
                + $"{Tail(history, MetaRlMetricKeys.ReturnBeforeAdaptation):F3} / {Tail(history, MetaRlMetricKeys.ReturnAfterAdaptation):F3}"));
            using var untrained = ml.Synaptic().Trainers.MamlReinforcement(Options(tasks, seed, 0, innerRate, outerRate)).Fit(observations);
            using var qTable = TrainSpecialist(ml, seed);

            for (var g = 0; g < goals.Length; g++)
            {
                var goal = goals[g];
                var task = Task(goal);
                specialist[s, g] = ml.Synaptic().Evaluate(qTable, SpecialistEnvironment(goal), episodes: 1).MeanReturn;
                for (var k = 0; k < AdaptationSteps.Length; k++)
                {
                    var adaptationSeed = 1_000 * seed + g;
                    maml[s, g, k] = AdaptAndEvaluate(ml, trainer, metaPolicy, task, AdaptationSteps[k], adaptationSeed);
                    scratch[s, g, k] = AdaptAndEvaluate(ml, trainer, untrained, task, AdaptationSteps[k], adaptationSeed);
                }
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seed {seed}: done after {watch.Elapsed.TotalSeconds:F0} s"));
        }

        PrintTable(seeds, maml, scratch, specialist, watch.Elapsed, $"{iterations} meta-iterations, α {innerRate}, Adam {outerRate}");
        var plot = Path.Combine(args.OutputDirectory, "maml-rl-vs-specialist.png");
        double[] xs = [.. AdaptationSteps.Select(k => (double)k)];
        BandPlot.SavePng(plot,
        [
            Band("MAML-RL, adapted", xs, s => Enumerable.Range(0, AdaptationSteps.Length).Select(k => UnseenMean(maml, s, k)).ToArray(), seeds.Length),
            Band("untrained, adapted", xs, s => Enumerable.Range(0, AdaptationSteps.Length).Select(k => UnseenMean(scratch, s, k)).ToArray(), seeds.Length),
            Band("Q-learning specialist (no adaptation)", xs, s => xs.Select(_ => UnseenMean(specialist, s)).ToArray(), seeds.Length),
        ], $"GridWorld 5×5, {UnseenGoals.Length} unseen goals: mean return over {seeds.Length} seeds (min–max)", "Adaptation steps (20 episodes each)", "Mean return");
        Console.WriteLine($"Plot: {plot}");
        return 0;
    }

    /// <summary>
    /// The comparison's task family: a goal on any cell of the open 5×5 grid but the held-out ones
    /// (<see cref="UnseenGoals"/>), 20-step episodes, one-hot cell observations.
    /// </summary>
    internal static MetaRlTaskDistribution TaskDistribution() =>
        MetaRlTaskDistribution.GridWorldGoals(GridWorldMap.Parse(WithGoal(SpecialistGoal)), MaxEpisodeSteps, excludedGoals: UnseenGoals);

    /// <summary>The MAML-RL settings of the comparison.</summary>
    private static MamlRlTrainer.Options Options(MetaRlTaskDistribution tasks, int seed, int iterations, double innerRate, double outerRate) => new()
    {
        Tasks = tasks,
        Policy = new MlpPolicyOptions { HiddenSizes = [32, 32] },
        InnerSteps = 1,
        InnerLearningRate = innerRate,
        InnerEpisodes = 20,
        MetaBatchSize = 20,
        MetaIterations = iterations,
        OuterLearningRate = outerRate,
        Seed = seed,
    };

    /// <summary>Tabular Q-learning on the specialist's goal, observing the cell index.</summary>
    private static PolicyTransformer TrainSpecialist(MLContext ml, int seed)
    {
        var options = new QLearningTrainer.Options
        {
            EnvironmentFactory = () => SpecialistEnvironment(SpecialistGoal),
            TotalTimesteps = SpecialistSteps,
            LearningRate = 0.5,
            Gamma = 0.99,
            Seed = seed,
        };
        return ml.Synaptic().Trainers.QLearning(options).Fit(ml.Synaptic().Data.Rollout(SpecialistEnvironment(SpecialistGoal), episodes: 1));
    }

    private static double AdaptAndEvaluate(MLContext ml, MamlRlTrainer trainer, PolicyTransformer policy, Func<Env> task, int steps, int seed)
    {
        using var adapted = trainer.Adapt(policy, task, steps, seed);
        using var sampling = adapted.WithSampling((ulong)seed);
        return ml.Synaptic().Evaluate(sampling, task(), episodes: EvaluationEpisodes, seed: seed).MeanReturn;
    }

    /// <summary>Makes environments of the task with <paramref name="goal"/> (one-hot observations, 20-step episodes).</summary>
    internal static Func<Env> Task((int Row, int Column) goal) =>
        () => new TimeLimit(new GridWorld(new GridWorld.Options { Map = WithGoal(goal), Observation = GridWorldObservation.OneHot }), MaxEpisodeSteps);

    private static Env SpecialistEnvironment((int Row, int Column) goal) =>
        new TimeLimit(new GridWorld(new GridWorld.Options { Map = WithGoal(goal), Observation = GridWorldObservation.CellIndex }), MaxEpisodeSteps);

    private static string[] WithGoal((int Row, int Column) goal) =>
        [.. Grid.Select((row, r) => r == goal.Row ? string.Concat(row.AsSpan(0, goal.Column), "G", row.AsSpan(goal.Column + 1)) : row)];

    private static double Tail(TrainingHistory history, string key) => history.Series(key).Values.TakeLast(20).Average();

    private static double UnseenMean(double[,,] results, int s, int k) =>
        Enumerable.Range(1, UnseenGoals.Length).Average(g => results[s, g, k]);

    private static double UnseenMean(double[,] results, int s) => Enumerable.Range(1, UnseenGoals.Length).Average(g => results[s, g]);

    private static BandSeries Band(string label, double[] xs, Func<int, double[]> perSeed, int seeds)
    {
        var curves = Enumerable.Range(0, seeds).Select(perSeed).ToArray();
        var points = Enumerable.Range(0, xs.Length).Select(i => curves.Select(c => c[i]).ToArray()).ToArray();
        return new BandSeries(label, xs, [.. points.Select(p => p.Average())], [.. points.Select(p => p.Min())], [.. points.Select(p => p.Max())]);
    }

    private static void PrintTable(int[] seeds, double[,,] maml, double[,,] scratch, double[,] specialist, TimeSpan elapsed, string settings)
    {
        string Cell(Func<int, double> perSeed)
        {
            var values = Enumerable.Range(0, seeds.Length).Select(perSeed).ToArray();
            var (mean, std) = SampleStatistics.MeanStd(values);
            return string.Create(CultureInfo.InvariantCulture, $"{mean:F3} ± {std:F3}");
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"GridWorld 5×5 open, start (0, 0), {MaxEpisodeSteps}-step episodes; specialist goal {SpecialistGoal}; {UnseenGoals.Length} unseen goals held out of meta-training; "
            + $"MAML-RL {settings}; seeds {string.Join(", ", seeds)}; {elapsed.TotalMinutes:F1} min in all."));
        Console.WriteLine($"Mean return (mean ± std over seeds); MAML and untrained: {EvaluationEpisodes} sampled episodes per goal after adaptation; specialist: greedy, no adaptation.");
        Console.WriteLine();
        Console.WriteLine("| policy | adaptation steps | specialist's goal | unseen goals |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| Q-learning specialist | — | {Cell(s => specialist[s, 0])} | {Cell(s => UnseenMean(specialist, s))} |");
        for (var k = 0; k < AdaptationSteps.Length; k++)
            Console.WriteLine($"| untrained MLP + REINFORCE steps | {AdaptationSteps[k]} | {Cell(s => scratch[s, 0, k])} | {Cell(s => UnseenMean(scratch, s, k))} |");
        for (var k = 0; k < AdaptationSteps.Length; k++)
            Console.WriteLine($"| MAML-RL + REINFORCE steps | {AdaptationSteps[k]} | {Cell(s => maml[s, 0, k])} | {Cell(s => UnseenMean(maml, s, k))} |");
        Console.WriteLine();
        Console.WriteLine("Per seed, unseen goals (specialist | untrained k=0 | MAML k=0, 1, 5, 10):");
        for (var s = 0; s < seeds.Length; s++)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  seed {seeds[s]}: {UnseenMean(specialist, s):F3} | {UnseenMean(scratch, s, 0):F3} | {string.Join(", ", Enumerable.Range(0, AdaptationSteps.Length).Select(k => UnseenMean(maml, s, k).ToString("F3", CultureInfo.InvariantCulture)))}"));
    }
}
