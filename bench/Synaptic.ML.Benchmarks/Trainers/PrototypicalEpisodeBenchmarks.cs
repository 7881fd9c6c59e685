using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Synaptic.ML.Data;
using Synaptic.ML.Randomness;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Benchmarks;

/// <summary>
/// One training episode of a prototypical network, 5-way 5-shot 15-query (100 images of 28×28): the spiking
/// backbone (rate code over T = 10 steps, conv 1→16 k5 → max-pool → Leaky β 0.9 → conv 16→32 k5 → max-pool →
/// Leaky, spike-count embedding, fast-sigmoid surrogate) and its artificial twin; embedding, prototypes,
/// cross-entropy over negative squared distances, backward and one Adam step. Each invocation trains
/// <see cref="Episodes"/> episodes through the public trainer on 5 classes of random images; the time is per
/// episode. The peer is bench/peers/snntorch_protonet_episode.py (the same network in snnTorch on PyTorch 1.13).
/// </summary>
[MemoryDiagnoser]
[WarmupCount(1)]
[IterationCount(5)]
[InvocationCount(1, unrollFactor: 1)]
public class PrototypicalEpisodeBenchmarks
{
    private const int Episodes = 10;
    private readonly MLContext _ml = new(seed: 0);
    private IDataView _data = null!;

    /// <summary>TorchSharp intra-op threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Five classes of 20 random 28×28 images (pixels uniform in [0, 1]).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new SplitMix64(3);
        var pixels = new float[100 * 28 * 28];
        for (var i = 0; i < pixels.Length; i++)
            pixels[i] = random.NextSingle();
        var labels = Enumerable.Range(0, 100).Select(i => i / 20).ToArray();
        _data = new LabeledImages(28, 28, pixels, labels, ["a", "b", "c", "d", "e"]).ToDataView(_ml);
    }

    /// <summary>Spiking backbone, per episode.</summary>
    /// <returns>The featurizer.</returns>
    [Benchmark(Description = "Spiking protonet episode (5w5s15q, T = 10)", OperationsPerInvoke = Episodes)]
    public ImageFeaturizerTransformer Spiking() => Train(new SpikingConvBackboneOptions());

    /// <summary>Artificial backbone, per episode.</summary>
    /// <returns>The featurizer.</returns>
    [Benchmark(Description = "ANN protonet episode (5w5s15q)", OperationsPerInvoke = Episodes)]
    public ImageFeaturizerTransformer Conv() => Train(new ConvBackboneOptions());

    private ImageFeaturizerTransformer Train(BackboneOptions backbone) =>
        _ml.Synaptic().Trainers.PrototypicalNetwork(new PrototypicalNetworkTrainer.Options
        {
            Backbone = backbone,
            Episodes = Episodes,
            Seed = 1,
            TorchThreads = Threads,
        }).Fit(_data);
}
