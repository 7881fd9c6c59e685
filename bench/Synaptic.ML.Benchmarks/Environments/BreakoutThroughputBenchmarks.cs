using BenchmarkDotNet.Attributes;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.MinAtar;
using Synaptic.ML.Environments.Vector;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Benchmarks;

/// <summary>
/// MinAtar Breakout stepping throughput through the allocation-free span API, reported per
/// environment step: the bare game (<see cref="BreakoutGame.Act"/> and its 400-value observation),
/// <c>Make("MinAtar/Breakout-v1")</c> (sticky actions 0.1, no time limit) and 16 made copies in a
/// <see cref="SyncVectorEnv"/>. Uniform random actions are drawn before the measurement; episodes
/// reset when they end (the vector by its next-step autoreset, whose reset steps count).
/// </summary>
[MemoryDiagnoser]
public class BreakoutThroughputBenchmarks
{
    private const int NumEnvs = 16;
    private const int EnvSteps = 16_384;
    private const int VectorSteps = EnvSteps / NumEnvs;

    private readonly float[] _actions = new float[EnvSteps];
    private readonly float[] _observation = new float[BreakoutGame.ObservationSize];
    private readonly BreakoutGame _game = new(BreakoutState.Start(fromRight: false));
    private Env _made = null!;
    private SyncVectorEnv _sync = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new SplitMix64(1);
        for (var i = 0; i < _actions.Length; i++)
            _actions[i] = random.NextInt(3);

        _made = EnvRegistry.Make(Breakout.MinimalActionsId);
        _made.Reset(_observation, seed: 0);
        _sync = new SyncVectorEnv(() => EnvRegistry.Make(Breakout.MinimalActionsId), NumEnvs);
        _sync.Reset(seed: 0);
    }

    [GlobalCleanup]
    public void Cleanup() => _sync.Dispose();

    [Benchmark(Description = "BreakoutGame.Act + observation", OperationsPerInvoke = EnvSteps)]
    public int Game()
    {
        // Minimal-set indices 0, 1, 2 are no-op, left, right: full-set actions 0, 1, 3.
        var total = 0;
        for (var i = 0; i < EnvSteps; i++)
        {
            var action = (int)_actions[i];
            total += _game.Act((MinAtarAction)(action == 2 ? 3 : action));
            _game.WriteObservation(_observation);
            if (_game.Terminal)
                _game.State = BreakoutState.Start(fromRight: (i & 1) == 1);
        }
        return total;
    }

    [Benchmark(Description = "Make(MinAtar/Breakout-v1), 1 env", OperationsPerInvoke = EnvSteps)]
    public double Made()
    {
        var total = 0.0;
        for (var i = 0; i < EnvSteps; i++)
        {
            var outcome = _made.Step(_actions.AsSpan(i, 1), _observation);
            total += outcome.Reward;
            if (outcome.Done)
                _made.Reset(_observation);
        }
        return total;
    }

    [Benchmark(Description = "SyncVectorEnv, 16 x Make(MinAtar/Breakout-v1)", OperationsPerInvoke = EnvSteps)]
    public double Sync()
    {
        ReadOnlySpan<float> actions = _actions;
        var total = 0.0;
        for (var t = 0; t < VectorSteps; t++)
        {
            _sync.Step(actions.Slice(t * NumEnvs, NumEnvs));
            total += _sync.Rewards[0];
        }
        return total;
    }
}
