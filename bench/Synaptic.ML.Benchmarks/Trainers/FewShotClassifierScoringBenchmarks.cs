using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Data;
using Synaptic.ML.Trainers;
using Synaptic.ML.Torch;

namespace Synaptic.ML.Benchmarks;

/// <summary>
/// Scoring with a few-shot classifier: a prototypical classifier (the spiking featurizer of
/// <see cref="SpikingFeaturizerBenchmarks"/>, <c>Padding = 2</c>, seed 1, with the prototypes of a 5-way 5-shot support
/// set of digits 1, 3, 5, 7, 9) scores scikit-learn's 1,797 8×8 digits through the transform's cursor (blocks of 256
/// rows, one forward each), against a <c>PredictionEngine</c> on the first 256 digits (one forward per row: what the
/// transform did before it read blocks). Time per row; rows per second are its inverse.
/// </summary>
[MemoryDiagnoser]
[WarmupCount(1)]
[IterationCount(5)]
[InvocationCount(1, unrollFactor: 1)]
public class FewShotClassifierScoringBenchmarks
{
    private const int DigitCount = 1_797;
    private const int OneRowSample = 256;
    private readonly MLContext _ml = new(seed: 0);
    private LabeledImages _digits = null!;
    private IDataView _data = null!;
    private PrototypeClassifierTransformer _classifier = null!;
    private PredictionEngine<DigitImage, DigitPrediction> _engine = null!;
    private TorchScope? _torch;

    /// <summary>TorchSharp intra-op threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Loads the digits, makes the featurizer and its classifier for a 5-way 5-shot support set.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _torch = TorchScope.Enter(Threads);
        _digits = _ml.Synaptic().Data.LoadDigits();
        if (_digits.Count != DigitCount)
            throw new InvalidOperationException($"Expected {DigitCount} digits; the file holds {_digits.Count}.");
        _data = _digits.ToDataView(_ml);
        var featurizer = _ml.Synaptic().Transforms.SpikingFeaturizer(options: new SpikingConvBackboneOptions { Padding = 2 }, seed: 1).Fit(_data);
        var support = _ml.Synaptic().Data.FewShotEpisodes(_digits, new ClassSplit([0, 2, 4, 6, 8], [], [1, 3, 5, 7, 9]), SplitPart.Test, seed: 5)
            .Episode(0, ways: 5, shots: 5, queries: 1).Support;
        _classifier = featurizer.CreatePrototypeClassifier(support);
        _engine = _ml.Model.CreatePredictionEngine<DigitImage, DigitPrediction>(_classifier);
    }

    /// <summary>Releases the engine and restores the thread count.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        _torch?.Dispose();
    }

    /// <summary>Every digit's scores read through an ML.NET cursor (blocks of 256 rows).</summary>
    /// <returns>The last row's first score.</returns>
    [Benchmark(Baseline = true, Description = "Prototype classifier transform through a cursor (blocks of 256), per row", OperationsPerInvoke = DigitCount)]
    public float Transform()
    {
        var transformed = _classifier.Transform(_data);
        var column = transformed.Schema["Score"];
        using var cursor = transformed.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> scores = default;
        var last = 0f;
        while (cursor.MoveNext())
        {
            getter(ref scores);
            last = scores.GetValues()[0];
        }
        return last;
    }

    /// <summary>The first 256 digits through a <c>PredictionEngine</c>, one forward per row.</summary>
    /// <returns>The last row's first score.</returns>
    [Benchmark(Description = "Prototype classifier PredictionEngine (one row per forward), per row", OperationsPerInvoke = OneRowSample)]
    public float PredictionEngineOneRowAtATime()
    {
        var last = 0f;
        for (var i = 0; i < OneRowSample; i++)
            last = _engine.Predict(new DigitImage { Image = _digits.Image(i).ToArray() }).Score[0];
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
