using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Custom;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Benchmarks;

/// <summary>
/// The R-STDP agent on LaneKeeping-v0 through the public API, on one thread (issue 13's benchmark item):
/// <list type="bullet">
/// <item><b>Decision</b>: one decision window of the default agent — a LaneKeeping observation → ON/OFF rate
/// coding of its 3 sensors into 6 input neurons → 100 steps of the 100-neuron E/I population → the pathway
/// readout → the action — via <see cref="RewardModulatedStdpPolicy.Act"/>, over <see cref="Observations"/>
/// observations recorded from a random-action rollout (one operation = one decision).</item>
/// <item><b>Training</b>: <c>Fit</c> of <c>Trainers.RewardModulatedStdp</c> for <see cref="Episodes"/>
/// LaneKeeping-v0 episodes (100 decisions each at most, seed 1) with the trainer's default learning rule;
/// one operation = the whole run, so the time is the 500-episode figure of the issue.</item>
/// </list>
/// </summary>
/// <remarks>
/// The trainer uses one thread (no TorchSharp); the job below runs each training invocation once per iteration, as
/// <see cref="PpoCartPoleBenchmarks"/> does. The NumPy peer of the same loop is bench/peers/rstdp_lane_keeping.py
/// (docs/benchmarks.md, "R-STDP on LaneKeeping").
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[WarmupCount(1)]
[IterationCount(5)]
[InvocationCount(1, unrollFactor: 1)]
public class LaneKeepingSpikingBenchmarks
{
    /// <summary>Training episodes of one training invocation (the 500).</summary>
    public const int Episodes = 500;

    /// <summary>Decisions of one decision invocation.</summary>
    public const int Observations = 1000;

    private MLContext _ml = null!;
    private IDataView _schema = null!;
    private RewardModulatedStdpPolicy _policy = null!;
    private float[] _observations = null!;
    private float[] _actions = null!;
    private PolicyTransformer? _trained;

    /// <summary>A policy of the default agent (one training episode) and observations of a random rollout.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _ml = new MLContext(seed: 0);
        _schema = _ml.Synaptic().Data.Rollout(_ml.Synaptic().Environments.Make(LaneKeeping.EnvId), episodes: 1);
        _policy = (RewardModulatedStdpPolicy)Train(1).Model;
        var env = EnvRegistry.Make(LaneKeeping.EnvId);
        var size = _policy.ObservationSize;
        _observations = new float[Observations * size];
        var observation = new float[size];
        var action = new float[1];
        var random = new Random(1);
        env.Reset(observation, seed: 1);
        for (var k = 0; k < Observations; k++)
        {
            observation.CopyTo(_observations.AsSpan(k * size, size));
            action[0] = random.Next(3);
            if (env.Step(action, observation).Done)
                env.Reset(observation, seed: 1 + k);
        }
        _actions = new float[1];
    }

    /// <summary>
    /// Prints how many decisions the last training run took (episodes end early on a crash, so 500 episodes are up to
    /// 50,000 decisions), which BenchmarkDotNet cannot show as a column.
    /// </summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        if (_trained?.TrainingHistory is not { } history || history.Episodes.Count == 0)
            return;
        var episodes = history.Episodes;
        var decisions = episodes.Sum(e => (long)e.Length);
        var last = episodes.TakeLast(100).Average(e => e.Return);
        Console.WriteLine($"// Training: {episodes.Count} episodes, {decisions:N0} decisions ({decisions * 100:N0} neuron steps), mean return of the last 100 episodes {last:F1}.");
    }

    /// <summary>One decision window (encoding, 100 neuron steps, readout).</summary>
    /// <returns>The sum of the actions, so the work is not optimised away.</returns>
    [Benchmark(Description = "LaneKeeping decision (6 inputs → 100 LIF × 100 steps → pathway readout)", OperationsPerInvoke = Observations)]
    public float Decision()
    {
        var size = _policy.ObservationSize;
        var sum = 0f;
        for (var k = 0; k < Observations; k++)
        {
            _policy.Act(_observations.AsSpan(k * size, size), 1, _actions, [], PolicyState.Stateless, [0], []);
            sum += _actions[0];
        }
        return sum;
    }

    /// <summary>500 training episodes of LaneKeeping-v0 (seed 1), default options.</summary>
    /// <returns>The trained policy.</returns>
    [Benchmark(Description = "R-STDP training, 500 LaneKeeping-v0 episodes, 1 thread")]
    public PolicyTransformer Training() => _trained = Train(Episodes);

    private PolicyTransformer Train(int episodes) =>
        _ml.Synaptic().Trainers.RewardModulatedStdp(new RewardModulatedStdpTrainer.Options
        {
            EnvironmentId = LaneKeeping.EnvId,
            Episodes = episodes,
            Seed = 1,
        }).Fit(_schema);
}
