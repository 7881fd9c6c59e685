using Microsoft.ML;
using Synaptic.ML.Data;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Supervised;

/// <summary>
/// scikit-learn's 8×8 digits (1,797 images, pixels in [0, 1]) split 70/30 by row index, and small spiking
/// classifiers trained on them once per test run.
/// </summary>
internal static class DigitsClassification
{
    private static readonly Lazy<(LabeledImages Train, LabeledImages Test)> SplitLazy = new(Split);
    private static readonly Lazy<SpikingMulticlassTransformer> MulticlassLazy = new(() => TrainMulticlass(new MLContext(seed: 0)));

    public static LabeledImages Train => SplitLazy.Value.Train;

    public static LabeledImages Test => SplitLazy.Value.Test;

    /// <summary>A multiclass classifier of the default kind (rate coding, counts) trained for 4 epochs, seed 1.</summary>
    public static SpikingMulticlassTransformer Multiclass => MulticlassLazy.Value;

    /// <summary>A small network for 64 features: one hidden layer of 128 Leaky neurons, T 10.</summary>
    public static SpikingClassifierNetworkOptions SmallNetwork() => new() { HiddenSizes = [128], TimeSteps = 10 };

    /// <summary>Options that learn the digits in seconds.</summary>
    public static SpikingClassifierOptions Options(int epochs = 4) => new()
    {
        FeatureColumnName = LabeledImages.Columns.Image,
        Network = SmallNetwork(),
        Epochs = epochs,
        BatchSize = 32,
        LearningRate = 5e-3,
        Seed = 1,
    };

    public static SpikingMulticlassTransformer TrainMulticlass(MLContext ml, SpikingClassifierOptions? options = null) =>
        ml.Synaptic().Trainers.SpikingMulticlass(options ?? Options()).Fit(Train.ToDataView(ml));

    private static (LabeledImages Train, LabeledImages Test) Split()
    {
        var digits = new MLContext(seed: 0).Synaptic().Data.LoadDigits();
        return (Rows(digits, i => i % 10 < 7), Rows(digits, i => i % 10 >= 7));
    }

    private static LabeledImages Rows(LabeledImages digits, Func<int, bool> keep)
    {
        var rows = Enumerable.Range(0, digits.Count).Where(keep).ToArray();
        var size = digits.PixelsPerImage;
        var pixels = new float[rows.Length * size];
        for (var j = 0; j < rows.Length; j++)
            digits.Image(rows[j]).CopyTo(pixels.AsSpan(j * size, size));
        return new LabeledImages(digits.Height, digits.Width, pixels, rows.Select(r => digits.Labels[r]).ToArray(), digits.ClassNames);
    }
}
