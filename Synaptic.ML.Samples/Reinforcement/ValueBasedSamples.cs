using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples;

/// <summary>
/// The <c>dqn</c> command: DQN on CartPole-v1 over seeds 1–5 (the RL Zoo's settings), with a spiking Q-network, on
/// Acrobot-v1, offline from a logged view of a competent policy's episodes, and on MinAtar Breakout (DQN and A2C).
/// Each run prints its result and adds a row to <c>dqn-results.md</c>; learning curves go to PNGs beside it. Runs
/// are chosen with <c>--only cartpole,cartpole-snn,acrobot,offline,breakout,breakout-a2c</c>; <c>--steps N</c> sets the
/// Breakout budget (default 1,000,000).
/// </summary>
public static class ValueBasedSamples
{
    private const int FinalEpisodes = 100;
    private const int FinalSeed = 12345;
    private static readonly string[] Runs = ["cartpole", "cartpole-snn", "acrobot", "offline", "breakout", "breakout-a2c"];

    /// <summary>Runs the command.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>0, or 2 when <c>--only</c> names no run.</returns>
    public static int Run(SampleArguments args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var unknown = args.Only?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(n => !Runs.Contains(n)).ToArray() ?? [];
        if (unknown.Length > 0)
        {
            Console.Error.WriteLine($"Unknown run(s) {string.Join(", ", unknown)}; the dqn runs are {string.Join(", ", Runs)}.");
            return 2;
        }
        Directory.CreateDirectory(args.OutputDirectory);
        using var torch = Synaptic.ML.Torch.TorchScope.Enter(1);
        var rows = new StringBuilder("| run | steps | training s | final evaluation (100 episodes) |\n|---|---:|---:|---|\n");
        void Report(string row)
        {
            rows.AppendLine(row);
            File.WriteAllText(Path.Combine(args.OutputDirectory, "dqn-results.md"), rows.ToString());
        }

        if (args.Includes("cartpole"))
        {
            for (var seed = 1; seed <= 5; seed++)
                Report(CartPole($"DQN MLP [256, 256], seed {seed}", DqnPresets.CartPole(), seed, args.OutputDirectory));
        }
        if (args.Includes("cartpole-snn"))
        {
            var options = DqnPresets.CartPole();
            options.TotalTimesteps = 100_000;
            options.Network = new SpikingPolicyOptions { HiddenSizes = [128], TimeSteps = 8 };
            Report(CartPole("DQN SNN Leaky [128] T 8, seed 1", options, 1, args.OutputDirectory));
        }
        if (args.Includes("acrobot"))
            Report(Acrobot(args.OutputDirectory));
        if (args.Includes("offline"))
            Report(Offline(args.OutputDirectory));
        if (args.Includes("breakout"))
            Report(Breakout(args.Steps ?? 1_000_000, args.OutputDirectory));
        if (args.Includes("breakout-a2c"))
            Report(BreakoutA2C(args.Steps ?? 1_000_000, args.OutputDirectory));
        Console.WriteLine();
        Console.WriteLine(rows);
        return 0;
    }

    private static string CartPole(string label, DqnTrainer.Options options, int seed, string directory)
    {
        options.Seed = seed;
        options.EvaluationInterval = 2;   // every 2,048 steps (iterations of 4 rollouts of 256 steps)
        options.EvaluationEpisodes = 20;
        options.StopAtEvaluationReturn = 475;
        return Train(label, options, "CartPole-v1", directory, $"dqn-cartpole-{(options.Network is SpikingPolicyOptions ? "snn" : "mlp")}-seed{seed}.png");
    }

    private static string Acrobot(string directory)
    {
        var options = DqnPresets.Acrobot();
        options.Seed = 1;
        options.EvaluationInterval = 10;
        options.EvaluationEpisodes = 10;
        return Train("DQN Acrobot-v1 (Zoo), seed 1", options, "Acrobot-v1", directory, "dqn-acrobot.png");
    }

    private static string Breakout(long steps, string directory)
    {
        var options = DqnPresets.MinAtarBreakout();
        options.TotalTimesteps = steps;
        options.Seed = 1;
        options.StepsPerIteration = 10_000;
        options.EvaluationInterval = 5;   // every 50,000 steps
        options.EvaluationEpisodes = 20;
        options.CheckpointDirectory = Path.Combine(directory, "breakout-dqn-checkpoints");
        options.CheckpointInterval = 10;
        var random = RandomReturn(new MLContext(seed: 0));
        Console.WriteLine($"MinAtar Breakout, uniform random policy (sticky 0.1), {FinalEpisodes} episodes: mean return {random:F2}");
        return Train($"DQN MinAtar/Breakout-v1 (random policy {random:F2})", options, "MinAtar/Breakout-v1", directory, "dqn-breakout.png");
    }

    private static string BreakoutA2C(long steps, string directory)
    {
        var ml = new MLContext(seed: 0);
        var options = new A2CTrainer.Options
        {
            EnvironmentId = "MinAtar/Breakout-v1",
            TotalTimesteps = steps,
            Seed = 1,
            NumberOfEnvironments = 16,
            LearningRate = 7e-4,
            EntropyCoefficient = 0.01,
            Policy = new ConvPolicyOptions { Height = 10, Width = 10, InputChannels = 4 },
            ValueHiddenSizes = [128],
            EvaluationInterval = 625,   // every 50,000 steps (16 environments × 5 steps per update)
            EvaluationEpisodes = 20,
            Progress = new ConsoleProgressBar("A2C conv MinAtar/Breakout-v1"),
        };
        var data = ml.Synaptic().Data.Rollout(ml.Synaptic().Environments.Make("MinAtar/Breakout-v1"), episodes: 1);
        return Finish("A2C conv MinAtar/Breakout-v1", ml, ml.Synaptic().Trainers.A2C(options), data, "MinAtar/Breakout-v1", directory, "a2c-breakout.png");
    }

    private static string Offline(string directory)
    {
        // A competent policy: PPO on CartPole with the Zoo's settings until a deterministic evaluation reaches 475,
        // logged as it acts when sampling from its action distribution. Its episodes include failures: a log in which
        // every episode lasts 500 steps (an expert acting greedily) never shows what ends an episode, and every
        // action's value is then the same 1/(1 − γ).
        var ml = new MLContext(seed: 0);
        var environments = ml.Synaptic().Environments;
        var ppo = PpoPresets.CartPole();
        ppo.Seed = 1;
        ppo.EvaluationInterval = 10;
        ppo.StopAtEvaluationReturn = 475;
        var data = ml.Synaptic().Data.Rollout(environments.CartPole(), episodes: 1);
        Policy behaviour = ml.Synaptic().Trainers.Ppo(ppo).Fit(data).WithSampling(7).AsPolicy();
        // Episodes until there are at least 50,000 transitions.
        var episodes = new List<EpisodeData>();
        while (episodes.Sum(e => e.Transitions.Count) < 50_000)
            episodes.Add(ml.Synaptic().Data.Record(environments.CartPole(), behaviour, episodes: 10, seed: 100 + 10 * episodes.Count));
        var logged = ml.Data.LoadFromEnumerable(episodes.SelectMany((e, i) => e.Transitions.Select(t => Renumbered(t, 10 * i))), EpisodeData.Schema(4, 1));
        var summaries = ml.Synaptic().Data.SummarizeEpisodes(logged);
        var count = summaries.Sum(e => (long)e.Length);
        var loggedReturn = summaries.Average(e => e.Return);
        Console.WriteLine($"Logged {count:N0} transitions in {summaries.Count} episodes of the behaviour policy (PPO, sampling), mean return {loggedReturn:F1}.");
        var options = new DqnTrainer.Options
        {
            ActionCount = 2,
            Seed = 1,
            DoubleQ = true,
            LearningRate = 1e-4,
            BatchSize = 128,
            OfflineGradientSteps = 40_000,
            TargetUpdateInterval = 1_000,
            Network = new MlpPolicyOptions { HiddenSizes = [256, 256], Activation = HiddenActivation.ReLU },
            Progress = new ConsoleProgressBar("DQN offline"),
        };
        return Finish($"DQN offline from {count:N0} logged transitions (behaviour policy's mean return {loggedReturn:F1})", ml, ml.Synaptic().Trainers.Dqn(options), logged,
            "CartPole-v1", directory, "dqn-offline.png");
    }

    /// <summary>A transition with its episode index moved by <paramref name="offset"/> (batches of recorded episodes each count from 0).</summary>
    private static EpisodeData.Transition Renumbered(EpisodeData.Transition t, int offset) => new()
    {
        Episode = t.Episode + offset,
        Step = t.Step,
        Observation = t.Observation,
        Action = t.Action,
        Reward = t.Reward,
        Terminated = t.Terminated,
        Truncated = t.Truncated,
        NextObservation = t.NextObservation,
    };

    /// <summary>Mean return of the uniformly random policy over <see cref="FinalEpisodes"/> episodes (sticky actions 0.1, as the environment's default).</summary>
    private static double RandomReturn(MLContext ml)
    {
        var random = new Randomness.SplitMix64(3);
        var env = ml.Synaptic().Environments.Make("MinAtar/Breakout-v1");
        var total = 0.0;
        for (var episode = 0; episode < FinalEpisodes; episode++)
        {
            env.Reset(FinalSeed + episode);
            var done = false;
            while (!done)
            {
                var step = env.Step(random.NextInt(3));
                total += step.Reward;
                done = step.Terminated || step.Truncated;
            }
        }
        return total / FinalEpisodes;
    }

    private static string Train(string label, DqnTrainer.Options options, string environmentId, string directory, string plot)
    {
        var ml = new MLContext(seed: 0);
        options.Progress = new ConsoleProgressBar(label);
        var schema = ml.Data.LoadFromEnumerable(new[] { new ObservationOnly() },
            ObservationOnly.Schema(ml.Synaptic().Environments.Make(environmentId).ObservationSpace.Size));
        return Finish(label, ml, ml.Synaptic().Trainers.Dqn(options), schema, environmentId, directory, plot);
    }

    private static string Finish(string label, MLContext ml, IEstimator<PolicyTransformer> trainer, IDataView data, string environmentId, string directory, string plot)
    {
        var clock = Stopwatch.StartNew();
        var policy = trainer.Fit(data);
        var history = policy.TrainingHistory!;
        var last = history.Updates.Count > 0 ? history.Updates[^1] : null;
        var final = ml.Synaptic().Evaluate(policy, () => ml.Synaptic().Environments.Make(environmentId), FinalEpisodes, FinalSeed);
        var evaluations = history.Evaluations.ToList();
        var solvedAt = environmentId == "CartPole-v1" ? evaluations.Where(e => e.MeanReturn >= 475).Select(e => (long?)e.EnvironmentSteps).FirstOrDefault() : null;
        Console.WriteLine($"{label}: {final} after {last?.EnvironmentSteps:N0} steps, {last?.WallSeconds:F1} s of training ({clock.Elapsed.TotalSeconds:F1} s in all)" +
            (solvedAt is long s ? $"; evaluation ≥ 475 first at {s:N0} steps" : ""));
        if (evaluations.Count > 1)
            history.SaveLearningCurve(Path.Combine(directory, plot), label);
        return string.Create(CultureInfo.InvariantCulture,
            $"| {label} | {last?.EnvironmentSteps:N0} | {last?.WallSeconds:F1} | {final.MeanReturn:F1} ± {final.StdReturn:F1} |");
    }

    private sealed class ObservationOnly
    {
        public float[] Observation { get; set; } = [];

        public static Microsoft.ML.Data.SchemaDefinition Schema(int size)
        {
            var schema = Microsoft.ML.Data.SchemaDefinition.Create(typeof(ObservationOnly));
            schema[nameof(Observation)].ColumnType = new Microsoft.ML.Data.VectorDataViewType(Microsoft.ML.Data.NumberDataViewType.Single, size);
            return schema;
        }
    }
}
