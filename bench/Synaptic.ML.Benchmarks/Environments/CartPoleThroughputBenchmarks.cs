using BenchmarkDotNet.Attributes;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.ClassicControl;
using Synaptic.ML.Environments.Vector;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Benchmarks;

/// <summary>
/// CartPole-v1 stepping throughput through the allocation-free span API, reported per environment
/// step: one bare <see cref="CartPole"/>, one <c>EnvRegistry.Make("CartPole-v1")</c> (inside its
/// 500-step <c>TimeLimit</c>), and 16 made copies in a <see cref="SyncVectorEnv"/> and in a
/// <see cref="ParallelVectorEnv"/> on 2 worker blocks. Single environments are reset by the loop
/// when an episode ends; vector environments autoreset (Gymnasium's default next-step mode, whose
/// reset steps count as steps, as in Gymnasium).
/// </summary>
/// <remarks>
/// Actions are uniform 0/1 drawn before the measurement, so the policy's random numbers are not
/// timed; Gymnasium's <c>benchmark_step</c> times <c>env.action_space.sample()</c> too, which the
/// "sampled actions" row adds back through <see cref="Space.Sample"/>.
/// </remarks>
[MemoryDiagnoser]
public class CartPoleThroughputBenchmarks
{
    private const int NumEnvs = 16;
    private const int EnvSteps = 16_384;
    private const int VectorSteps = EnvSteps / NumEnvs;

    private readonly float[] _actions = new float[EnvSteps];
    private readonly float[] _observation = new float[4];
    private readonly float[] _sampled = new float[1];
    private SplitMix64 _policyRandom = new(7);
    private CartPole _bare = null!;
    private Env _made = null!;
    private SyncVectorEnv _sync = null!;
    private ParallelVectorEnv _parallel = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new SplitMix64(1);
        for (var i = 0; i < _actions.Length; i++)
            _actions[i] = random.NextInt(2);

        _bare = new CartPole();
        _bare.Reset(_observation, seed: 0);
        _made = EnvRegistry.Make("CartPole-v1");
        _made.Reset(_observation, seed: 0);
        _sync = new SyncVectorEnv(() => EnvRegistry.Make("CartPole-v1"), NumEnvs);
        _sync.Reset(seed: 0);
        _parallel = new ParallelVectorEnv(() => EnvRegistry.Make("CartPole-v1"), NumEnvs, workerCount: 2);
        _parallel.Reset(seed: 0);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sync.Dispose();
        _parallel.Dispose();
    }

    [Benchmark(Description = "CartPole, 1 env", OperationsPerInvoke = EnvSteps)]
    public double Bare() => StepAndReset(_bare);

    [Benchmark(Description = "Make(CartPole-v1) (TimeLimit), 1 env", OperationsPerInvoke = EnvSteps)]
    public double Made() => StepAndReset(_made);

    [Benchmark(Description = "Make(CartPole-v1) (TimeLimit), 1 env, sampled actions", OperationsPerInvoke = EnvSteps)]
    public double MadeSampled()
    {
        var space = _made.ActionSpace;
        var total = 0.0;
        for (var i = 0; i < EnvSteps; i++)
        {
            space.Sample(_sampled, ref _policyRandom);
            var outcome = _made.Step(_sampled, _observation);
            total += outcome.Reward;
            if (outcome.Done)
                _made.Reset(_observation);
        }
        return total;
    }

    [Benchmark(Description = "SyncVectorEnv, 16 x Make(CartPole-v1)", OperationsPerInvoke = EnvSteps)]
    public double Sync() => StepVector(_sync);

    [Benchmark(Description = "ParallelVectorEnv (2 blocks), 16 x Make(CartPole-v1)", OperationsPerInvoke = EnvSteps)]
    public double Parallel() => StepVector(_parallel);

    private double StepAndReset(Env env)
    {
        var total = 0.0;
        for (var i = 0; i < EnvSteps; i++)
        {
            var outcome = env.Step(_actions.AsSpan(i, 1), _observation);
            total += outcome.Reward;
            if (outcome.Done)
                env.Reset(_observation);
        }
        return total;
    }

    private double StepVector(VectorEnv envs)
    {
        ReadOnlySpan<float> actions = _actions;
        var total = 0.0;
        for (var t = 0; t < VectorSteps; t++)
        {
            envs.Step(actions.Slice(t * NumEnvs, NumEnvs));
            total += envs.Rewards[0];
        }
        return total;
    }
}
