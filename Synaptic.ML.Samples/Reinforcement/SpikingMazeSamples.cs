using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Custom;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples;

/// <summary>
/// The spiking maze agent (reward-modulated STDP, TD-error dopamine) on the fixed 8×8 maze <see cref="MazeMaps.Maze8x8"/>,
/// seeds 1–5, without and with the shortest-path teacher, and plain STDP (no dopamine) as the ablation: a Markdown
/// table of each seed's episodes to the first deterministic evaluation that reaches the goal (evaluated every 5
/// episodes; GridWorld and the deterministic policy have no randomness, so every deterministic episode is the same and
/// the success rate jumps from 0 to 100%), the final deterministic success rate over 20 episodes and the success rate
/// of the noisy (sampling) policy over 100 episodes. Options: --episodes N (default 150), --teacher P (default 0.5),
/// --seeds N (default 5), and the trainer's settings (--eta, --lambda, --noise, --inhibition, --w0, --aminus, --alpha,
/// --v0, --gamma, --centered, --kappa, --current, --epsilon, --window, --pool) for sweeps.
/// </summary>
public static class SpikingMazeSamples
{
    private const int Interval = 5;

    public static int Run(SampleArguments args)
    {
        var ml = new MLContext(seed: 0);
        var episodes = int.Parse(args.Setting("episodes", "150"), CultureInfo.InvariantCulture);
        var teacher = double.Parse(args.Setting("teacher", "0.5"), CultureInfo.InvariantCulture);
        var seeds = int.Parse(args.Setting("seeds", "5"), CultureInfo.InvariantCulture);
        Func<Env> maze = () => ml.Synaptic().Environments.GridWorld(new GridWorld.Options { Map = MazeMaps.Maze8x8 });
        var data = ml.Synaptic().Data.Rollout(maze(), episodes: 1);
        Console.WriteLine($"Spiking maze agent on the 8×8 maze (shortest path {GridWorldMap.Parse(MazeMaps.Maze8x8).ShortestPathLength} moves), {episodes} training episodes.");
        Console.WriteLine("| Variant | Seed | Episodes to first goal (det.) | Deterministic success (20), moves | Noisy success (100) | Training episodes at the goal | Seconds |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var (name, teach, dopamine) in new[] { ("R-STDP", 0.0, true), ($"R-STDP + teacher {teacher}", teacher, true), ("plain STDP", 0.0, false) })
        {
            var reached = new List<int?>();
            for (var seed = 1; seed <= seeds; seed++)
            {
                var options = Options(args, maze, episodes, seed);
                options.TeacherProbability = teach;
                options.DopamineModulation = dopamine;
                var watch = Stopwatch.StartNew();
                var policy = ml.Synaptic().Trainers.SpikingMazeAgent(options).Fit(data);
                var seconds = watch.Elapsed.TotalSeconds;
                var (steps, values) = policy.TrainingHistory!.Series(MetricKeys.EvaluationMeanReturn);
                int? first = null;
                for (var i = 0; i < values.Length && first is null; i++)
                {
                    if (values[i] >= 0)
                        first = (int)steps[i];
                }
                reached.Add(first);
                var deterministic = ml.Synaptic().Evaluate(policy, maze, episodes: 20, seed: 100, successThreshold: 0);
                var noisy = ml.Synaptic().Evaluate(policy.WithSampling(7), maze(), episodes: 100, seed: 100, successThreshold: 0);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {seed} | {first?.ToString(CultureInfo.InvariantCulture) ?? "never"} | {deterministic.SuccessRate:P0}, {deterministic.MeanLength:F0} | {noisy.SuccessRate:P0} | {policy.TrainingHistory.Episodes.Count(e => e.Return >= 0)}/{policy.TrainingHistory.Episodes.Count} | {seconds:F1} |"));
            }
            var solved = reached.Where(r => r is not null).Select(r => (double)r!.Value).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | all | {solved.Length}/{seeds} seeds reach it; median {(solved.Length > 0 ? solved[solved.Length / 2] : double.NaN)} | | | | |"));
        }
        return 0;
    }

    private static SpikingMazeAgentTrainer.Options Options(SampleArguments args, Func<Env> maze, int episodes, int seed)
    {
        var options = new SpikingMazeAgentTrainer.Options
        {
            EnvironmentFactory = maze,
            Episodes = episodes,
            Seed = seed,
            EvaluationInterval = Interval,
            EvaluationEpisodes = 1,
        };
        options.LearningRate = Number(args, "eta", options.LearningRate);
        options.EligibilityDecay = Number(args, "lambda", options.EligibilityDecay);
        options.NoiseStd = Number(args, "noise", options.NoiseStd);
        options.Inhibition = Number(args, "inhibition", options.Inhibition);
        options.InitialWeight = Number(args, "w0", options.InitialWeight);
        options.StdpMinus = Number(args, "aminus", options.StdpMinus);
        options.CriticLearningRate = Number(args, "alpha", options.CriticLearningRate);
        options.InitialValue = Number(args, "v0", options.InitialValue);
        options.Gamma = Number(args, "gamma", options.Gamma);
        options.CenteredEligibility = args.Setting("centered", "true") == "true";
        options.TeacherDopamine = Number(args, "kappa", options.TeacherDopamine);
        options.InjectedCurrent = Number(args, "current", options.InjectedCurrent);
        options.ExplorationProbability = Number(args, "epsilon", options.ExplorationProbability);
        options.StepsPerDecision = (int)Number(args, "window", options.StepsPerDecision);
        options.PoolSize = (int)Number(args, "pool", options.PoolSize);
        return options;
    }

    private static double Number(SampleArguments args, string name, double fallback) =>
        double.Parse(args.Setting(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
}
