using Synaptic.ML.Trainers;

namespace Synaptic.ML.Benchmarks;

/// <summary>
/// PPO on CartPole-v1 on exactly the schedule of the Stable-Baselines3 peer script
/// (<c>bench/peers/sb3_ppo_cartpole.py</c>): <see cref="PpoPresets.CartPole"/> (the RL Zoo's settings, 100,000-step
/// budget for the linear schedules), one TorchSharp thread by default, seeds 0–3, 20 deterministic evaluation episodes
/// after every 39 updates (39 × 256 = 9,984 steps, the whole number of updates closest to 10,000), stopping once the
/// mean reaches 475. See <see cref="SolveBesideSb3"/> for what is measured and the options.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project bench/Synaptic.ML.Benchmarks -- --ppo-solve-beside-sb3
/// [--mode solve|throughput|both] [--seeds 0,1,2,3] [--repeats 1] [--threads 1] [--throughput-steps 50000]</c>
/// </remarks>
public static class PpoSolveBesideSb3
{
    /// <summary>The command-line switch that selects this runner instead of BenchmarkDotNet.</summary>
    public const string Switch = "--ppo-solve-beside-sb3";

    /// <summary>The runner.</summary>
    public static SolveBesideSb3 Runner { get; } = new(Switch, "PPO", "CartPole-v1", 8 * 32,
        new SolveBesideSb3.Settings("both", [0, 1, 2, 3], 1, [1], 50_000, 100_000, 39, 20, 475),
        budget =>
        {
            var options = PpoPresets.CartPole();
            options.TotalTimesteps = budget;
            return options;
        },
        (ml, options) => ml.Synaptic().Trainers.Ppo((PpoTrainer.Options)options));

    /// <summary>Runs the comparison with the given command-line arguments and prints JSON to standard output.</summary>
    /// <param name="args">The arguments after <see cref="Switch"/>.</param>
    /// <returns>The process exit code.</returns>
    public static int Run(string[] args) => Runner.Run(args);
}
