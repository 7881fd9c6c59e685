using Microsoft.ML;
using Synaptic.ML.Data;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// The data sets the data trainers' <c>--env</c> names, with fixed splits so that every run, <c>eval</c> and
/// <c>render</c> sees the same rows: the glyph set split by alphabet as the <c>fewshot</c> and <c>maml</c> samples split
/// it, Fashion-MNIST's own train and test files, and scikit-learn's digits halved as its digits example halves them.
/// </summary>
public static class DataSets
{
    /// <summary>The seed of the class splits (the few-shot samples' <see cref="FewShotSamples.Seed"/>), fixed: a data set means one split.</summary>
    public const int SplitSeed = FewShotSamples.Seed;

    private const int Sneaker = 7, AnkleBoot = 9;

    private static readonly ImageDataSet[] Known =
    [
        new("glyphs", "Omniglot-style glyphs rendered from fonts-noto-core (74 alphabets, 1,476 characters × 20 renderings, 28×28); "
            + "alphabets split 65/10/25 % into meta-train, validation and test classes (seed 1), as the fewshot and maml samples split them.",
            FewShot: ml =>
            {
                var glyphs = ml.Synaptic().Data.GlyphSet();
                return new FewShotSplit(glyphs, glyphs, ClassSplit.ByAlphabetFraction(glyphs, validationFraction: 0.1, testFraction: 0.25, seed: SplitSeed));
            }),
        new("fashion-mnist", "Fashion-MNIST (dataset-fashion-mnist, 28×28, 10 classes). Classifiers: the 60,000 training images (the last 6,000 "
            + "for validation) and the 10,000 test images. Few-shot: 5 classes meta-train on the training images, 5 held-out classes "
            + "are tested on the test images (seed 1, no validation classes), as the fewshot sample does.",
            FewShot: ml =>
            {
                var train = ml.Synaptic().Data.LoadFashionMnist(train: true);
                return new FewShotSplit(train, ml.Synaptic().Data.LoadFashionMnist(train: false),
                    ClassSplit.RandomClasses(train.ClassCount, validationClasses: 0, testClasses: 5, seed: SplitSeed));
            },
            Multiclass: ml => ClassificationSplit.Create(ml.Synaptic().Data.LoadFashionMnist(train: true), ml.Synaptic().Data.LoadFashionMnist(train: false))),
        new("fashion-mnist-sneaker-vs-boot", "Fashion-MNIST's sneakers (false) and ankle boots (true): 12,000 training images (the last "
            + "1,200 for validation), 2,000 test images; the classify binary sample's task.",
            Binary: ml => ClassificationSplit.Create(ml.Synaptic().Data.LoadFashionMnist(train: true), ml.Synaptic().Data.LoadFashionMnist(train: false), [Sneaker, AnkleBoot])),
        new("digits", "scikit-learn's 1,797 handwritten digits (python3-sklearn, 8×8, 10 classes): the first 898 train (the last 90 of "
            + "them validate), the other 899 test, as scikit-learn's digits example splits them (test_size 0.5, no shuffle).",
            Multiclass: ml => Halves(ml.Synaptic().Data.LoadDigits(), null)),
        new("digits-0-vs-1", "The digits 0 (false) and 1 (true) of the digits data set, halved the same way: 162 train, 19 validate, 179 test.",
            Binary: ml => Halves(ml.Synaptic().Data.LoadDigits(), [0, 1])),
    ];

    /// <summary>Every data set.</summary>
    public static IReadOnlyList<ImageDataSet> All => Known;

    /// <summary>The data set named <paramref name="name"/> (case-insensitive), checked to serve <paramref name="task"/>.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="task">What the trainer needs of it.</param>
    /// <returns>The data set.</returns>
    /// <exception cref="ArgumentException">No data set of that name serves the task; the message lists those that do.</exception>
    public static ImageDataSet Get(string name, DataSetTask task)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var serving = Known.Where(d => d.Serves(task)).Select(d => d.Name);
        var known = Known.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"No data set is named '{name}'. The data sets for {Describe(task)}: {string.Join(", ", serving)}.", nameof(name));
        return known.Serves(task) ? known
            : throw new ArgumentException($"Data set '{known.Name}' is not one for {Describe(task)}. Those that are: {string.Join(", ", serving)}.", nameof(name));
    }

    /// <summary>Loads <paramref name="name"/> for few-shot learning.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="name">The data set.</param>
    /// <returns>Its images and class split.</returns>
    public static FewShotSplit FewShot(MLContext ml, string name) => Get(name, DataSetTask.FewShot).FewShot!(ml);

    /// <summary>Loads <paramref name="name"/> for classification.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="name">The data set.</param>
    /// <param name="task"><see cref="DataSetTask.Multiclass"/> or <see cref="DataSetTask.Binary"/>.</param>
    /// <returns>Its train, validation and test rows.</returns>
    public static ClassificationSplit Classification(MLContext ml, string name, DataSetTask task)
    {
        var dataSet = Get(name, task);
        return (task == DataSetTask.Binary ? dataSet.Binary : dataSet.Multiclass)!(ml);
    }

    private static string Describe(DataSetTask task) => task switch
    {
        DataSetTask.FewShot => "few-shot learning",
        DataSetTask.Multiclass => "multiclass classification",
        _ => "binary classification",
    };

    // The first half trains and the second tests (rounded as scikit-learn's train_test_split(test_size=0.5, shuffle=False) rounds: the test half is the larger).
    private static ClassificationSplit Halves(LabeledImages images, IReadOnlyList<int>? classes)
    {
        var trainCount = images.Count / 2;
        var all = Enumerable.Range(0, images.ClassCount).ToArray();
        var first = ClassificationSplit.Subset(images, [.. Enumerable.Range(0, trainCount)], all);
        var second = ClassificationSplit.Subset(images, [.. Enumerable.Range(trainCount, images.Count - trainCount)], all);
        return ClassificationSplit.Create(first, second, classes);
    }
}
