using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Synaptic.ML.Data;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Benchmarks;

/// <summary>
/// The supervised spiking classifier on Fashion-MNIST with snnTorch's tutorial network (784-1000-10 Leaky, β 0.95,
/// T 25, rate coding, cross-entropy on spike counts, Adam 5e-4): one training minibatch of 128 images (coding,
/// forward through all steps, loss, backward, Adam step) through the trainer's learner, and scoring a block of 256
/// test images. An epoch is 469 minibatches. The peer is bench/peers/snntorch_fashion_mnist.py, which prints its
/// epoch time; docs/benchmarks.md puts both side by side.
/// </summary>
[MemoryDiagnoser]
[WarmupCount(2)]
[IterationCount(10)]
public class SpikingClassifierBenchmarks
{
    private const int Batch = 128;
    private const int Block = 256;
    private ClassificationRows _rows = null!;
    private SpikingClassifierLearner _learner = null!;
    private int[] _order = null!;
    private float[] _readout = null!;
    private int _next;

    /// <summary>TorchSharp intra-op threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>The first 12,800 training images and a freshly initialised network (seed 1).</summary>
    [GlobalSetup]
    public void Setup()
    {
        TorchSharp.torch.set_num_threads(Threads);
        var ml = new MLContext(seed: 0);
        var images = ml.Synaptic().Data.LoadFashionMnist(train: true, maxCount: 100 * Batch).ToDataView(ml);
        _rows = ClassificationRows.Read(images, LabeledImages.Columns.Image, LabeledImages.Columns.Label, binary: false, "benchmark");
        _learner = new SpikingClassifierLearner(new SpikingClassifierOptions { FeatureColumnName = LabeledImages.Columns.Image }, _rows, seed: 1);
        _order = Enumerable.Range(0, _rows.Count).ToArray();
        new Random(1).Shuffle(_order);
        _readout = new float[Block * 10];
    }

    /// <summary>One minibatch of 128 images: forward over 25 steps, count cross-entropy, backward, Adam.</summary>
    /// <returns>The loss.</returns>
    [Benchmark(Description = "Fashion-MNIST 784-1000-10 Leaky, T 25: one training minibatch of 128")]
    public double TrainingMinibatch()
    {
        var start = _next * Batch % _rows.Count;
        _next++;
        return _learner.TrainBatch(_rows, _order.AsSpan(start, Batch), 5e-4).Loss;
    }

    /// <summary>Scores 256 images in one block (keyed rate-code draws, no gradients).</summary>
    /// <returns>The first readout value.</returns>
    [Benchmark(Description = "Fashion-MNIST 784-1000-10 Leaky, T 25: scoring a block of 256 rows")]
    public float ScoringBlock()
    {
        _learner.Scorer.Score(_rows.Features.AsSpan(0, Block * _rows.FeatureSize), Block, _readout);
        return _readout[0];
    }

    /// <summary>Releases the optimiser.</summary>
    [GlobalCleanup]
    public void Cleanup() => _learner.Dispose();
}
