using BenchmarkDotNet.Attributes;
using Synaptic.ML.Neurons;
using Synaptic.ML.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Benchmarks;

/// <summary>
/// The rate code of one Fashion-MNIST training minibatch as the supervised spiking classifier makes it: [25, 128, 784]
/// spikes from 128 images, drawn from a seeded libtorch generator. libtorch: <c>rand</c> then
/// <see cref="SpikeGeneration.Rate(Tensor, Tensor)"/>; managed: <see cref="GeneratorDraws.RateSpikes"/> (the same
/// bits, GeneratorDrawsTests) written straight into a new tensor, as the learner does. Neither depends on TorchSharp's thread count (libtorch draws
/// serially).
/// </summary>
[MemoryDiagnoser]
public class RateCodingDrawsBenchmarks
{
    private const int Steps = 25;
    private const int Rows = 128;
    private const int Size = 784;
    private readonly float[] _probabilities = new float[Rows * Size];
    private Generator _generator = null!;
    private Tensor _features = null!;

    /// <summary>Probabilities like Fashion-MNIST's pixels (about 29 % mean, many zeros) and a seeded generator.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        for (var i = 0; i < _probabilities.Length; i++)
            _probabilities[i] = random.NextDouble() < 0.5 ? 0f : (float)(random.NextDouble() * 1.16);
        _features = tensor(_probabilities, [Rows, Size]);
        _generator = new Generator(1);
    }

    /// <summary>Disposes the generator and the features.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _generator.Dispose();
        _features.Dispose();
    }

    /// <summary>libtorch's serial draws, then the comparison as a tensor operation.</summary>
    /// <returns>The spikes' element count.</returns>
    [Benchmark(Baseline = true, Description = "rate code [25, 128, 784]: libtorch rand, then Rate")]
    public long LibtorchRandThenRate()
    {
        using var scope = NewDisposeScope();
        return SpikeGeneration.Rate(_features, rand([Steps, Rows, Size], generator: _generator)).numel();
    }

    /// <summary>The same draws in a managed pass, compared in place in the new tensor's memory.</summary>
    /// <returns>The spikes' element count.</returns>
    [Benchmark(Description = "rate code [25, 128, 784]: managed GeneratorDraws into the tensor")]
    public long ManagedDraws()
    {
        using var scope = NewDisposeScope();
        return GeneratorDraws.RateSpikeTensor(_generator, _probabilities, Steps, Rows, Size).numel();
    }
}
