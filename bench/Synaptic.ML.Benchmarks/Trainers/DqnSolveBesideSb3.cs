using Synaptic.ML.Trainers;

namespace Synaptic.ML.Benchmarks;

/// <summary>
/// DQN on CartPole-v1 on the schedule of the Stable-Baselines3 peer script (<c>bench/peers/sb3_dqn.py</c>):
/// <see cref="DqnPresets.CartPole"/> (the RL Zoo's settings: train every 256 steps with 128 gradient steps of 64,
/// target copied every 10 steps, ε 1 → 0.04 over the first 8,000 steps whatever the budget, MLP [256, 256]), one
/// TorchSharp thread by default, seeds 0–4, 20 deterministic evaluation episodes every 2,048 steps (8 rollouts of 256),
/// stopping once the mean reaches 475; unsolved at 100,000 steps (twice the Zoo's budget). See
/// <see cref="SolveBesideSb3"/> for what is measured and the options.
/// </summary>
/// <remarks>
/// <para>
/// The peer evaluates every 2,000 steps from SB3's per-step callback, i.e. the network trained on the rollouts up to
/// step 1,792 at step 2,000; this runner evaluates between rollouts, the network trained on the rollouts up to step
/// 2,048 (run the peer with <c>--eval-every-steps 2048</c> to evaluate at the same steps, one rollout behind).
/// </para>
/// <para>
/// <c>dotnet run -c Release --project bench/Synaptic.ML.Benchmarks -- --dqn-solve-beside-sb3
/// [--mode solve|throughput|both] [--seeds 0,1,2,3,4] [--repeats 1] [--threads 1] [--throughput-steps 10000]</c>
/// </para>
/// </remarks>
public static class DqnSolveBesideSb3
{
    /// <summary>The command-line switch that selects this runner instead of BenchmarkDotNet.</summary>
    public const string Switch = "--dqn-solve-beside-sb3";

    private const int TrainFrequency = 256;

    /// <summary>The runner.</summary>
    public static SolveBesideSb3 Runner { get; } = new(Switch, "DQN", "CartPole-v1", TrainFrequency,
        new SolveBesideSb3.Settings("both", [0, 1, 2, 3, 4], 1, [1], 10_000, 100_000, 8, 20, 475),
        budget =>
        {
            var options = DqnPresets.CartPole();
            // ε reaches its floor after the Zoo's fraction of the Zoo's budget, in steps, whatever this budget is (as the peer does).
            options.ExplorationFraction = options.ExplorationFraction * options.TotalTimesteps / budget;
            options.TotalTimesteps = budget;
            options.StepsPerIteration = TrainFrequency;
            return options;
        },
        (ml, options) => ml.Synaptic().Trainers.Dqn((DqnTrainer.Options)options));

    /// <summary>Runs the comparison with the given command-line arguments and prints JSON to standard output.</summary>
    /// <param name="args">The arguments after <see cref="Switch"/>.</param>
    /// <returns>The process exit code.</returns>
    public static int Run(string[] args) => Runner.Run(args);
}
