using BenchmarkDotNet.Attributes;
using Synaptic.ML.Neurons;
using Synaptic.ML.Neurons.Surrogates;
using Synaptic.ML.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Benchmarks;

/// <summary>
/// The snnTorch comparison: a 784-1000-10 fully connected Leaky network (β = 0.95,
/// fast-sigmoid surrogate) over T = 25 steps on a batch of 128 rate-coded images, on 2 threads —
/// the forward pass, and forward + backward + Adam step with cross-entropy on spike counts.
/// bench/peers/snntorch_leaky_network.py runs the same work in snnTorch.
/// </summary>
[MemoryDiagnoser]
public class LeakyNetworkBenchmarks
{
    private const int Steps = 25;
    private const int Batch = 128;
    private SpikingSequential _network = null!;
    private Tensor _input = null!;
    private Tensor _targets = null!;
    private optim.Optimizer _adam = null!;

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureAvailable();
        torch.set_num_threads(2);
        torch.manual_seed(0);
        _network = new SpikingSequential(
            nn.Linear(784, 1000), new Leaky(0.95, surrogate: new FastSigmoid()),
            nn.Linear(1000, 10), new Leaky(0.95, surrogate: new FastSigmoid()));
        _input = torch.bernoulli(torch.rand(Steps, Batch, 784) * 0.3f);
        _targets = torch.randint(0, 10, [Batch], dtype: ScalarType.Int64);
        _adam = optim.Adam(_network.parameters(), lr: 5e-4);
    }

    [Benchmark(Description = "Leaky 784-1000-10, T=25, batch 128: forward")]
    public float Forward()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return _network.forward(_input).SpikeCounts().sum().item<float>();
    }

    [Benchmark(Description = "Leaky 784-1000-10, T=25, batch 128: forward + backward + Adam")]
    public float TrainingStep()
    {
        using var scope = NewDisposeScope();
        _adam.zero_grad();
        var loss = nn.functional.cross_entropy(_network.forward(_input).SpikeCounts(), _targets);
        loss.backward();
        _adam.step();
        return loss.item<float>();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _network.Dispose();
        _input.Dispose();
        _targets.Dispose();
    }
}
