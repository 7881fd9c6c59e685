using Microsoft.ML;
using Synaptic.ML.Data;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.FewShot;

/// <summary>
/// scikit-learn's 8×8 digits split into 5 meta-training and 5 held-out classes, and featurizers trained on the
/// meta-training classes once per test run.
/// </summary>
internal static class DigitsFewShot
{
    private static readonly Lazy<LabeledImages> DigitsLazy = new(() => new MLContext(seed: 0).Synaptic().Data.LoadDigits());
    private static readonly Lazy<ImageFeaturizerTransformer> SpikingLazy = new(() => Train(new SpikingConvBackboneOptions { Padding = 2 }, 150));
    private static readonly Lazy<ImageFeaturizerTransformer> ConvLazy = new(() => Train(new ConvBackboneOptions { Padding = 2 }, 150));

    public static LabeledImages Digits => DigitsLazy.Value;

    public static readonly int[] TrainClasses = [0, 2, 4, 6, 8];

    public static readonly int[] HeldOutClasses = [1, 3, 5, 7, 9];

    public static ImageFeaturizerTransformer Spiking => SpikingLazy.Value;

    public static ImageFeaturizerTransformer Conv => ConvLazy.Value;

    /// <summary>The images of some classes as a view, relabelled 0..n−1 in the given order.</summary>
    public static IDataView View(MLContext ml, IReadOnlyList<int> classes) => Subset(classes).ToDataView(ml);

    public static LabeledImages Subset(IReadOnlyList<int> classes)
    {
        var digits = Digits;
        var map = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
        var rows = Enumerable.Range(0, digits.Count).Where(i => map.ContainsKey(digits.Labels[i])).ToArray();
        var size = digits.PixelsPerImage;
        var pixels = new float[rows.Length * size];
        var labels = new int[rows.Length];
        for (var j = 0; j < rows.Length; j++)
        {
            digits.Image(rows[j]).CopyTo(pixels.AsSpan(j * size, size));
            labels[j] = map[digits.Labels[rows[j]]];
        }
        return new LabeledImages(digits.Height, digits.Width, pixels, labels, classes.Select(c => digits.ClassNames[c]).ToArray());
    }

    private static ImageFeaturizerTransformer Train(BackboneOptions backbone, int episodes)
    {
        var ml = new MLContext(seed: 0);
        var options = new PrototypicalNetworkTrainer.Options { Backbone = backbone, Episodes = episodes, Seed = 1, TorchThreads = 1 };
        return ml.Synaptic().Trainers.PrototypicalNetwork(options).Fit(View(ml, TrainClasses));
    }
}
