using BenchmarkDotNet.Attributes;
using Synaptic.ML.Data;
using Synaptic.ML.Randomness;
using Synaptic.ML.Torch;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Benchmarks;

/// <summary>
/// One MAML meta-batch as <c>Trainers.Maml</c> trains it (<see cref="MamlTrainer.TrainMetaBatch"/>): 4 tasks, each 5-way
/// 1-shot with 15 queries per class, on 28×28 images; the trainer's default backbone (the paper's four conv 3×3, 64
/// channels, padding 1 → ReLU → 2×2 max-pool, 64 features, without batch normalisation) and a linear head of 5; per
/// task one inner step of α = 0.4 on the support's cross-entropy, the adapted weights' query cross-entropy ÷ 4
/// backpropagated to θ; then one Adam step (lr 1e-3, ε 1e-8). Second order (the inner gradient on the autograd graph)
/// and, for information, first order. The four tasks are drawn once from 5 classes of random images (pixels uniform in
/// [0, 1]) and reused. The peer is bench/peers/maml_meta_batch.py (the same computation in PyTorch).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[WarmupCount(3)]
[IterationCount(15)]
public class MamlMetaBatchBenchmarks
{
    private const int Ways = 5;
    private const int Shots = 1;
    private const int Queries = 15;
    private const int Tasks = 4;
    private FewShotEpisode[] _tasks = null!;
    private MamlNetwork _network = null!;
    private AdamOptimizer _optimizer = null!;

    /// <summary>TorchSharp intra-op threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Four tasks drawn from 5 classes of 20 random 28×28 images, and a freshly initialised network (seed 1).</summary>
    [GlobalSetup]
    public void Setup()
    {
        TorchSharp.torch.set_num_threads(Threads);
        var random = new SplitMix64(3);
        var pixels = new float[100 * 28 * 28];
        for (var i = 0; i < pixels.Length; i++)
            pixels[i] = random.NextSingle();
        var labels = Enumerable.Range(0, 100).Select(i => i / 20).ToArray();
        var images = new LabeledImages(28, 28, pixels, labels, ["a", "b", "c", "d", "e"]);
        var sampler = new FewShotEpisodeSampler(images, Enumerable.Range(0, Ways), seed: 1);
        _tasks = [.. Enumerable.Range(0, Tasks).Select(t => sampler.Episode(t, Ways, Shots, Queries))];
        var options = new MamlTrainer.Options();
        _network = new MamlNetwork(options.Backbone, 28, 28, Ways, options.InnerLearningRate, learnInnerLearningRates: false, seed: 1);
        _optimizer = new AdamOptimizer(_network.MetaParameters, epsilon: options.AdamEpsilon);
    }

    /// <summary>Second-order MAML: the query loss differentiates through the inner step.</summary>
    /// <returns>The mean query loss.</returns>
    [Benchmark(Description = "MAML meta-batch, second order (4 tasks 5w1s15q, conv4 64ch, 28×28)")]
    public double SecondOrder() => Step(MamlGradient.SecondOrder);

    /// <summary>First-order MAML: the support gradient is a constant.</summary>
    /// <returns>The mean query loss.</returns>
    [Benchmark(Description = "MAML meta-batch, first order (4 tasks 5w1s15q, conv4 64ch, 28×28)")]
    public double FirstOrder() => Step(MamlGradient.FirstOrder);

    private double Step(MamlGradient mode) =>
        MamlTrainer.TrainMetaBatch(_network, _optimizer, t => _tasks[t], Tasks, innerSteps: 1, mode, learningRate: 1e-3).Loss;

    /// <summary>Releases the optimiser and the network.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _optimizer.Dispose();
        _network.Dispose();
    }
}
