using BenchmarkDotNet.Attributes;
using Synaptic.ML.Torch;
using Synaptic.ML.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Benchmarks;

/// <summary>
/// One <see cref="MultiPlasticityLayer"/> forward + backward over T = 100 steps, batch 32, hidden 64, input 32 with the
/// bias input (C = 33), tanh, fixed λ = 0.95 and η = 0.05, M₀ = 0, loss = Σh + ΣM_T: the fused path (one autograd
/// node, managed BPTT) and the op-by-op path (autograd over every TorchSharp call), on 1 and 2 threads. The same work
/// in PyTorch: bench/peers/mpn_layer.py.
/// </summary>
[WarmupCount(3)]
[IterationCount(15)]
public class MultiPlasticityLayerBenchmarks
{
    private const int Steps = 100, Batch = 32, Hidden = 64, InputSize = 32;

    private MultiPlasticityLayer _layer = null!;
    private Tensor _inputs = null!;

    /// <summary>torch.set_num_threads, which also bounds the fused path's parallel sequences.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>The layer and its inputs, uniform in ±1.</summary>
    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureAvailable();
        torch.set_num_threads(Threads);
        using var generator = new Generator(0);
        _layer = new MultiPlasticityLayer(InputSize, new MultiPlasticityOptions { HiddenSize = Hidden, Decay = 0.95, HebbianRate = 0.05 }, generator);
        using (no_grad())
            _inputs = rand([Steps, Batch, InputSize], generator: generator).mul_(2).sub_(1);
    }

    /// <summary>Frees the layer and the inputs.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _layer.Dispose();
        _inputs.Dispose();
    }

    /// <summary>The fused path (what <see cref="MultiPlasticityLayer.forward(Tensor, Tensor, Tensor?)"/> runs for float32 on the CPU).</summary>
    /// <returns>A weight gradient, so the work is not optimised away.</returns>
    [Benchmark(Baseline = true, Description = "MPN fwd+bwd T=100 B=32 H=64 I=32, fused")]
    public float Fused() => Run((x, m) => _layer.forward(x, m, null));

    /// <summary>The op-by-op path: autograd records every step's TorchSharp calls.</summary>
    /// <returns>A weight gradient, so the work is not optimised away.</returns>
    [Benchmark(Description = "MPN fwd+bwd T=100 B=32 H=64 I=32, op by op")]
    public float OpByOp() => Run((x, m) => _layer.ForwardStepwise(x, m, null));

    private float Run(Func<Tensor, Tensor, (Tensor Hidden, Tensor Trace)> forward) => CollectorPause.Run(() =>
    {
        using var scope = NewDisposeScope();
        _layer.zero_grad();
        var (h, m) = forward(_inputs, _layer.InitialTrace(Batch));
        (h.sum() + m.sum()).backward();
        return _layer.Weight.grad![0, 0].item<float>();
    });
}
