using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Synaptic.ML.Torch;
using Synaptic.ML.Trainers;
using TorchSharp;

namespace Synaptic.ML.Benchmarks;

/// <summary>
/// PPO on CartPole-v1 with the RL Zoo's hyperparameters (8 environments × 32 steps = 256 environment steps per
/// iteration, then 20 epochs of one 256-sample minibatch; λ 0.8, γ 0.98, learning rate 1e-3 and clip 0.2
/// decaying linearly, no entropy bonus), through the public API only, on one TorchSharp thread:
/// <list type="bullet">
/// <item><b>Throughput</b> (MLP [64, 64] tanh, and a spiking actor of 128 leaky neurons over 8 time steps):
/// <c>Fit</c> with a budget of <see cref="Iterations"/> PPO iterations and no evaluation. Each operation is one
/// environment step with its share of the update (<c>OperationsPerInvoke</c> = the steps of the budget), so
/// environment steps per second = 1 / the reported time. The per-<c>Fit</c> setup (network initialisation, the
/// 8 environments, the optimiser) is included, spread over the steps.</item>
/// <item><b>Time to solve</b> (MLP): <c>Fit</c> with a 100,000-step budget that stops at the first deterministic
/// evaluation (every 10 updates = 2,560 steps, 100 episodes) whose mean return reaches 475. The seed is fixed, so
/// every invocation does the same work; the reported time includes the evaluations, while the policy's
/// <c>TrainingHistory</c> wall seconds (printed at the end of the run) exclude them.</item>
/// </list>
/// </summary>
/// <remarks>
/// <para>
/// This benchmark tracks our own speed across versions (docs/benchmarks.md). The comparison with
/// Stable-Baselines3 uses another schedule — SB3's, evaluations of 20 episodes about every 10,000 steps — and
/// runs both sides on one thread: see <see cref="PpoSolveBesideSb3"/> and bench/peers/sb3_ppo_cartpole.py.
/// </para>
/// <para>
/// An invocation takes from a fraction of a second to a few seconds, so the job runs each once per iteration
/// (the mutator attributes below change whichever job runs — the in-process one of <c>Program.cs</c> — instead
/// of adding a second, out-of-process job as <c>[SimpleJob]</c> would).
/// </para>
/// </remarks>
[WarmupCount(1)]
[IterationCount(5)]
[InvocationCount(1, unrollFactor: 1)]
public class PpoCartPoleBenchmarks
{
    /// <summary>PPO iterations per throughput invocation.</summary>
    public const int Iterations = 16;

    private const int Environments = 8;
    private const int StepsPerEnvironment = 32;
    private const int StepsPerIteration = Environments * StepsPerEnvironment;
    private const int Seed = 1;

    private MLContext _ml = null!;
    private IDataView _schema = null!;
    private PolicyTransformer? _solved;

    /// <summary>One thread (the networks are tiny, and the machine is shared), and the data whose schema <c>Fit</c> checks.</summary>
    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureAvailable();
        torch.set_num_threads(1);
        _ml = new MLContext(seed: 0);
        _schema = _ml.Synaptic().Data.Rollout(_ml.Synaptic().Environments.CartPole(), episodes: 1);
    }

    /// <summary>Prints what the last time-to-solve invocation reached, which BenchmarkDotNet cannot show as a column.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        if (_solved?.TrainingHistory is not { } history)
            return;
        var solvedAt = history.Evaluations.FirstOrDefault(e => e.MeanReturn >= 475);
        var last = history.Updates[^1];
        Console.WriteLine(solvedAt.EnvironmentSteps > 0
            ? $"// Time to solve: evaluation ≥ 475 after {solvedAt.EnvironmentSteps:N0} steps, {last.WallSeconds:F2} s of training (evaluations excluded)."
            : $"// Time to solve: not solved within {last.EnvironmentSteps:N0} steps.");
    }

    /// <summary>PPO iterations with the MLP policy; the time is per environment step.</summary>
    /// <returns>The policy, so the work is not optimised away.</returns>
    [Benchmark(Description = "PPO MLP, per env step (256-step iterations)", OperationsPerInvoke = Iterations * StepsPerIteration)]
    public PolicyTransformer ThroughputMlp() => Train(new MlpPolicyOptions(), Iterations * StepsPerIteration, stopAtSolved: false);

    /// <summary>PPO iterations with the spiking policy; the time is per environment step.</summary>
    /// <returns>The policy.</returns>
    [Benchmark(Description = "PPO SNN, per env step (256-step iterations)", OperationsPerInvoke = Iterations * StepsPerIteration)]
    public PolicyTransformer ThroughputSnn() => Train(new SpikingPolicyOptions { HiddenSizes = [128], TimeSteps = 8 }, Iterations * StepsPerIteration, stopAtSolved: false);

    /// <summary>PPO with the MLP policy until the evaluation reaches 475.</summary>
    /// <returns>The solved policy.</returns>
    [Benchmark(Description = "PPO MLP, time to solve (eval ≥ 475)")]
    public PolicyTransformer TimeToSolveMlp() => _solved = Train(new MlpPolicyOptions(), 100_000, stopAtSolved: true);

    private PolicyTransformer Train(PolicyNetworkOptions network, long budget, bool stopAtSolved)
    {
        var options = PpoPresets.CartPole();
        options.Policy = network;
        options.Seed = Seed;
        options.TotalTimesteps = budget;
        if (stopAtSolved)
        {
            options.EvaluationInterval = 10;
            options.EvaluationEpisodes = 100;
            options.StopAtEvaluationReturn = 475;
        }
        return _ml.Synaptic().Trainers.Ppo(options).Fit(_schema);
    }
}
