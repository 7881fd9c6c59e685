using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Torch;
using Synaptic.ML.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Benchmarks;

/// <summary>
/// DQN's speed against this machine's arithmetic limit, with the RL Zoo's CartPole-v1 settings
/// (<see cref="DqnPresets.CartPole"/>: MLP [256, 256] ReLU, batch 64, train every 256 steps with 128 gradient steps),
/// on one TorchSharp thread:
/// <list type="bullet">
/// <item><b>Throughput</b>: <c>Fit</c> for <see cref="Steps"/> environment steps with no evaluation (learning starts
/// at 1,000, so 9,000 steps train, 4,480 gradient steps in all); the time is per environment step, set-up included.</item>
/// <item><b>GEMM</b>: one 64×256 by 256×256 matrix product, the largest product of the update; its rate in
/// multiply-adds per second is the machine's arithmetic limit for these shapes.</item>
/// </list>
/// A gradient step does 17.1 M multiply-adds: the online forward (64 × (4·256 + 256·256 + 256·2) = 4.29 M), its
/// backward (weight gradients 4.29 M and input gradients of the two upper layers 4.23 M), and the target network's
/// forward (4.29 M); docs/benchmarks.md divides the throughput's multiply-adds per second by the GEMM's rate.
/// </summary>
[WarmupCount(1)]
[IterationCount(5)]
[InvocationCount(1, unrollFactor: 1)]
public class DqnCartPoleBenchmarks
{
    /// <summary>Environment steps per throughput invocation.</summary>
    public const int Steps = 10_000;

    /// <summary>Products per GEMM invocation.</summary>
    public const int Products = 200;

    private MLContext _ml = null!;
    private IDataView _schema = null!;
    private Tensor _activations = null!;
    private Tensor _weights = null!;

    /// <summary>One thread, the observation-only view (no transitions to pre-fill the buffer), and the GEMM's operands.</summary>
    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureAvailable();
        torch.set_num_threads(1);
        _ml = new MLContext(seed: 0);
        var definition = SchemaDefinition.Create(typeof(ObservationRow));
        definition[nameof(ObservationRow.Observation)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 4);
        _schema = _ml.Data.LoadFromEnumerable(Array.Empty<ObservationRow>(), definition);
        _activations = randn(64, 256, generator: new Generator(1));
        _weights = randn(256, 256, generator: new Generator(2));
    }

    /// <summary>DQN with the Zoo's settings; the time is per environment step.</summary>
    /// <returns>The policy, so the work is not optimised away.</returns>
    [Benchmark(Description = "DQN MLP [256, 256], per env step (Zoo CartPole settings)", OperationsPerInvoke = Steps)]
    public PolicyTransformer Throughput()
    {
        var options = DqnPresets.CartPole();
        options.Seed = 1;
        options.TotalTimesteps = Steps;
        return _ml.Synaptic().Trainers.Dqn(options).Fit(_schema);
    }

    /// <summary>A 64×256 by 256×256 product (4.19 M multiply-adds); the time is per product.</summary>
    /// <returns>A value of the last product.</returns>
    [Benchmark(Description = "GEMM 64×256 · 256×256, per product", OperationsPerInvoke = Products)]
    public float Gemm()
    {
        var last = 0f;
        for (var i = 0; i < Products; i++)
        {
            using var product = _activations.mm(_weights);
            if (i == Products - 1)
                last = product[0, 0].item<float>();
        }
        return last;
    }

    private sealed class ObservationRow
    {
        public float[] Observation { get; set; } = [];
    }
}
