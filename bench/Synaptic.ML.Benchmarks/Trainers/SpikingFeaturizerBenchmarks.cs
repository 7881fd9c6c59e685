using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Data;
using Synaptic.ML.Trainers;
using Synaptic.ML.Torch;

namespace Synaptic.ML.Benchmarks;

/// <summary>
/// Spiking feature extraction on scikit-learn's 1,797 8×8 digits (<c>Transforms.SpikingFeaturizer</c> with
/// <c>Padding = 2</c>, seed 1: rate code over T = 10 steps, conv 1→16 k5 → max-pool → Leaky → conv 16→32 k5 → max-pool →
/// Leaky, 128 spike counts). The network's batched forward alone (256 images per call, the pixels already in one
/// array) against the same images featurized through the transform's cursor (ML.NET getters, blocks of 256 rows), and
/// the transform one row per forward (batch size 1, what it did before it read blocks; on the first 256 digits). Time
/// per row; rows per second are its inverse. Last, the whole pipeline <c>SpikingFeaturizer → NormalizeMinMax →
/// AppendCacheCheckpoint → SdcaMaximumEntropy</c> fitted on 70% of the digits (1,261 rows; the featurizer at threshold
/// 0.5, as in docs/few-shot.md), per fit. And a prototypical classifier of the featurizer (the prototypes of a 5-way
/// 5-shot support set of digits 1, 3, 5, 7, 9) scoring every digit through the transform's cursor (blocks of 256 rows)
/// against a <c>PredictionEngine</c> on the first 256 (one forward per row: what the classifier's transform did before
/// it read blocks).
/// </summary>
[MemoryDiagnoser]
[WarmupCount(1)]
[IterationCount(5)]
[InvocationCount(1, unrollFactor: 1)]
public class SpikingFeaturizerBenchmarks
{
    private const int Block = ImageFeaturizerTransformer.DefaultBatchSize;
    private const int DigitCount = 1_797;
    private const int OneRowSample = 256;
    private readonly MLContext _ml = new(seed: 0);
    private LabeledImages _digits = null!;
    private IDataView _data = null!;
    private IDataView _firstRows = null!;
    private ImageFeaturizerTransformer _featurizer = null!;
    private ImageFeaturizerTransformer _oneRow = null!;
    private IDataView _trainSet = null!;
    private float[] _embeddings = [];
    private PrototypeClassifierTransformer _classifier = null!;
    private PredictionEngine<DigitImage, DigitPrediction> _engine = null!;
    private TorchScope? _torch;

    /// <summary>TorchSharp intra-op threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Loads the digits and makes the two featurizers (same weights, batch sizes 256 and 1).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _torch = TorchScope.Enter(Threads);
        _digits = _ml.Synaptic().Data.LoadDigits();
        if (_digits.Count != DigitCount)
            throw new InvalidOperationException($"Expected {DigitCount} digits; the file holds {_digits.Count}.");
        _data = _digits.ToDataView(_ml);
        _firstRows = _ml.Data.TakeRows(_data, OneRowSample);
        var options = new SpikingConvBackboneOptions { Padding = 2 };
        _featurizer = _ml.Synaptic().Transforms.SpikingFeaturizer(options: options, seed: 1).Fit(_data);
        _oneRow = _ml.Synaptic().Transforms.SpikingFeaturizer(options: options, seed: 1, batchSize: 1).Fit(_data);
        _embeddings = new float[_digits.Count * _featurizer.EmbeddingSize];
        _trainSet = _ml.Data.TrainTestSplit(_data, testFraction: 0.3, seed: 1).TrainSet;
        var support = _ml.Synaptic().Data.FewShotEpisodes(_digits, new ClassSplit([0, 2, 4, 6, 8], [], [1, 3, 5, 7, 9]), SplitPart.Test, seed: 5)
            .Episode(0, ways: 5, shots: 5, queries: 1).Support;
        _classifier = _featurizer.CreatePrototypeClassifier(support);
        _engine = _ml.Model.CreatePredictionEngine<DigitImage, DigitPrediction>(_classifier);
    }

    /// <summary>Releases the engine and restores the thread count.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        _torch?.Dispose();
    }

    /// <summary>The network alone: every digit through <c>ImageEmbedder.Embed</c>, 256 per forward.</summary>
    /// <returns>The last embedding value.</returns>
    [Benchmark(Baseline = true, Description = "Batched network forward (256 images per call), per row", OperationsPerInvoke = DigitCount)]
    public float BatchedForward()
    {
        var pixels = _digits.Pixels.Span;
        var size = _digits.PixelsPerImage;
        var d = _featurizer.EmbeddingSize;
        for (var start = 0; start < _digits.Count; start += Block)
        {
            var count = Math.Min(Block, _digits.Count - start);
            _featurizer.Embedder.Embed(pixels.Slice(start * size, count * size), count, _embeddings.AsSpan(start * d, count * d));
        }
        return _embeddings[^1];
    }

    /// <summary>The transform: every digit's embedding read through an ML.NET cursor (blocks of 256 rows).</summary>
    /// <returns>The last embedding value.</returns>
    [Benchmark(Description = "SpikingFeaturizer transform through a cursor (batch 256), per row", OperationsPerInvoke = DigitCount)]
    public float Transform() => ReadAll(_featurizer, _data);

    /// <summary>The transform one row per forward, on the first 256 digits.</summary>
    /// <returns>The last embedding value.</returns>
    [Benchmark(Description = "SpikingFeaturizer transform one row per forward (batch 1), per row", OperationsPerInvoke = OneRowSample)]
    public float TransformOneRowAtATime() => ReadAll(_oneRow, _firstRows);

    /// <summary>The pipeline's fit on the 1,261 training digits: two passes of the featurizer (normalizer, cache), then SDCA from the cache.</summary>
    /// <returns>The model.</returns>
    [Benchmark(Description = "SpikingFeaturizer → NormalizeMinMax → AppendCacheCheckpoint → SdcaMaximumEntropy fit, 1,261 digits")]
    public ITransformer SdcaPipelineFit() =>
        _ml.Synaptic().Transforms.SpikingFeaturizer("Features", options: new SpikingConvBackboneOptions { Padding = 2, Threshold = 0.5 }, seed: 1)
            .Append(_ml.Transforms.NormalizeMinMax("Features"))
            .AppendCacheCheckpoint(_ml)
            .Append(_ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
            .Fit(_trainSet);

    /// <summary>The prototypical classifier's scores of every digit read through an ML.NET cursor (blocks of 256 rows).</summary>
    /// <returns>The last row's first score.</returns>
    [Benchmark(Description = "Prototype classifier transform through a cursor (blocks of 256), per row", OperationsPerInvoke = DigitCount)]
    public float PrototypeClassifierTransform() => ReadAll(_classifier.Transform(_data), "Score");

    /// <summary>The first 256 digits through the classifier's <c>PredictionEngine</c>, one forward per row.</summary>
    /// <returns>The last row's first score.</returns>
    [Benchmark(Description = "Prototype classifier PredictionEngine (one row per forward), per row", OperationsPerInvoke = OneRowSample)]
    public float PrototypeClassifierOneRowAtATime()
    {
        var last = 0f;
        for (var i = 0; i < OneRowSample; i++)
            last = _engine.Predict(new DigitImage { Image = _digits.Image(i).ToArray() }).Score[^1];
        return last;
    }

    private static float ReadAll(ImageFeaturizerTransformer featurizer, IDataView data) => ReadAll(featurizer.Transform(data), featurizer.OutputColumnName);

    private static float ReadAll(IDataView transformed, string columnName)
    {
        var column = transformed.Schema[columnName];
        using var cursor = transformed.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> values = default;
        var last = 0f;
        while (cursor.MoveNext())
        {
            getter(ref values);
            last = values.GetValues()[^1];
        }
        return last;
    }

    /// <summary>One digit as the engine reads it.</summary>
    public sealed class DigitImage
    {
        /// <summary>8 × 8 pixels in [0, 1].</summary>
        [VectorType(8, 8)]
        public float[] Image { get; set; } = [];
    }

    /// <summary>The classifier's scores.</summary>
    public sealed class DigitPrediction
    {
        /// <summary>One probability per support class.</summary>
        public float[] Score { get; set; } = [];
    }
}
