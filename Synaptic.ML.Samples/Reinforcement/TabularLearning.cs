using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Synaptic.ML.Environments.ToyText;
using Synaptic.ML.Plotting;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples;

/// <summary>
/// Tabular learning on toy text: Q-learning on Taxi-v3 and on the slippery FrozenLake-v1 beside value iteration's
/// optimum, then STDP-modulated Q-learning against Q-learning on Taxi-v3 over seeds 1–5 — a Markdown table of
/// each seed's evaluation return, the learning curves of both (mean and min–max band over the seeds) as a PNG, and
/// the Q-table heatmap of STDP-Q's first seed.
/// </summary>
public static class TabularLearning
{
    private const int TaxiSteps = 200_000;
    private const int TaxiEvaluationSeed = 500;
    private const int LakeSteps = 500_000;
    private const int LakeEpisodes = 1_000;
    private const int CurveInterval = 5;   // iterations of 1,000 steps between the evaluations drawn as curves

    public static int Run(SampleArguments args)
    {
        Directory.CreateDirectory(args.OutputDirectory);
        var ml = new MLContext(seed: 0);
        var taxi = () => ml.Synaptic().Environments.Make("Taxi-v3");
        var lake = () => ml.Synaptic().Environments.Make("FrozenLake-v1");

        var taxiOptimum = ml.Synaptic().Evaluate(ValueIteration.SolvePolicy(ml, new Taxi(), 0.99), taxi, episodes: 100, seed: TaxiEvaluationSeed);
        var watch = Stopwatch.StartNew();
        var taxiQ = ml.Synaptic().Trainers.QLearning(TaxiOptions(new QLearningTrainer.Options(), seed: 1)).Fit(Data(ml, "Taxi-v3"));
        var taxiLearned = ml.Synaptic().Evaluate(taxiQ, taxi, episodes: 100, seed: TaxiEvaluationSeed);
        Console.WriteLine($"Taxi-v3, Q-learning ({TaxiSteps:N0} steps, {watch.Elapsed.TotalSeconds:F1} s): {taxiLearned}");
        Console.WriteLine($"Taxi-v3, value iteration: {taxiOptimum}");

        var lakeOptimum = ml.Synaptic().Evaluate(ValueIteration.SolvePolicy(ml, new FrozenLake("4x4"), 0.99), lake, episodes: LakeEpisodes, seed: 0);
        watch.Restart();
        var lakeOptions = new QLearningTrainer.Options
        {
            EnvironmentId = "FrozenLake-v1",
            TotalTimesteps = LakeSteps,
            LearningRate = 0.05,
            Gamma = 0.99,
            ExplorationFraction = 0.8,
            Seed = 1,
        };
        var lakeQ = ml.Synaptic().Trainers.QLearning(lakeOptions).Fit(Data(ml, "FrozenLake-v1"));
        var lakeLearned = ml.Synaptic().Evaluate(lakeQ, lake, episodes: LakeEpisodes, seed: 0);
        Console.WriteLine($"FrozenLake-v1 4×4 slippery, Q-learning ({LakeSteps:N0} steps, {watch.Elapsed.TotalSeconds:F1} s): {lakeLearned}");
        Console.WriteLine($"FrozenLake-v1 4×4 slippery, value iteration: {lakeOptimum}");

        var q = new List<(double Final, TrainingHistory History)>();
        var stdp = new List<(double Final, TrainingHistory History)>();
        for (var seed = 1; seed <= 5; seed++)
        {
            var options = TaxiOptions(new QLearningTrainer.Options(), seed);
            options.EvaluationInterval = CurveInterval;
            var qPolicy = ml.Synaptic().Trainers.QLearning(options).Fit(Data(ml, "Taxi-v3"));
            q.Add((ml.Synaptic().Evaluate(qPolicy, taxi, episodes: 100, seed: TaxiEvaluationSeed).MeanReturn, qPolicy.TrainingHistory!));

            var stdpOptions = TaxiOptions(new StdpQLearningTrainer.Options(), seed);
            stdpOptions.EvaluationInterval = CurveInterval;
            var stdpPolicy = ml.Synaptic().Trainers.StdpQLearning(stdpOptions).Fit(Data(ml, "Taxi-v3"));
            stdp.Add((ml.Synaptic().Evaluate(stdpPolicy, taxi, episodes: 100, seed: TaxiEvaluationSeed).MeanReturn, stdpPolicy.TrainingHistory!));
            if (seed == 1)
            {
                var heatmap = Path.Combine(args.OutputDirectory, "taxi-stdp-q-table.png");
                ((QTablePolicy)stdpPolicy.Model).SaveHeatmap(heatmap, "STDP-Q on Taxi-v3, seed 1: W[s, a]");
                Console.WriteLine($"Q-table heatmap: {heatmap}");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Taxi-v3, {TaxiSteps:N0} steps, α 0.5, γ 0.99; mean return of 100 evaluation episodes from seed {TaxiEvaluationSeed} (value iteration: {taxiOptimum.MeanReturn:F2})");
        Console.WriteLine();
        Console.WriteLine("| seed | Q-learning | STDP-Q (m = 0.5) |");
        Console.WriteLine("|---:|---:|---:|");
        for (var i = 0; i < q.Count; i++)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {i + 1} | {q[i].Final:F2} | {stdp[i].Final:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| median | {Median(q.Select(r => r.Final))} | {Median(stdp.Select(r => r.Final))} |"));

        var curves = Path.Combine(args.OutputDirectory, "taxi-stdp-q-vs-q-learning.png");
        BandPlot.SavePng(curves, [Band("Q-learning", q), Band("STDP-Q (m = 0.5)", stdp)],
            "Taxi-v3: evaluation return over 5 seeds (mean, min–max)", "Environment steps", "Mean evaluation return (20 episodes)");
        Console.WriteLine();
        Console.WriteLine($"Learning curves: {curves}");
        return 0;
    }

    private static T TaxiOptions<T>(T options, int seed)
        where T : TabularOptions
    {
        options.EnvironmentId = "Taxi-v3";
        options.TotalTimesteps = TaxiSteps;
        options.LearningRate = 0.5;
        options.Gamma = 0.99;
        options.EvaluationEpisodes = 20;
        options.Seed = seed;
        return options;
    }

    private static IDataView Data(MLContext ml, string id) => ml.Synaptic().Data.Rollout(ml.Synaptic().Environments.Make(id), episodes: 1);

    private static string Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return median.ToString("F2", CultureInfo.InvariantCulture);
    }

    // Every run evaluates at the same steps, so the curves line up point by point.
    private static BandSeries Band(string label, List<(double Final, TrainingHistory History)> runs)
    {
        var series = runs.Select(r => r.History.Series(MetricKeys.EvaluationMeanReturn)).ToArray();
        var steps = series[0].Steps.Select(s => (double)s).ToArray();
        var points = Enumerable.Range(0, steps.Length).Select(i => series.Select(s => s.Values[i]).ToArray()).ToArray();
        return new BandSeries(label, steps, points.Select(p => p.Average()).ToArray(), points.Select(p => p.Min()).ToArray(), points.Select(p => p.Max()).ToArray());
    }
}
