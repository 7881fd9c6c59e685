using Synaptic.ML.Data;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// A data set as a classifier uses it: training rows, validation rows (that keep the best epoch: <c>best.zip</c>) and
/// test rows (for <c>eval</c>), with the same classes in the same order.
/// </summary>
/// <param name="Train">The rows trained on.</param>
/// <param name="Validation">The rows that pick the best epoch.</param>
/// <param name="Test">The rows evaluated on.</param>
public sealed record ClassificationSplit(LabeledImages Train, LabeledImages Validation, LabeledImages Test)
{
    /// <summary>The fraction of the training rows held out for validation: the last tenth, as Keras's <c>validation_split</c> takes them.</summary>
    public const double ValidationFraction = 0.1;

    /// <summary>
    /// The rows of <paramref name="classes"/> (relabelled 0, 1, … in that order) of a training and a test set; the last
    /// tenth of the training rows become the validation rows.
    /// </summary>
    /// <param name="training">The training set.</param>
    /// <param name="test">The test set.</param>
    /// <param name="classes">The class ids to keep, in their new order; null keeps every class as it is.</param>
    /// <returns>The split.</returns>
    public static ClassificationSplit Create(LabeledImages training, LabeledImages test, IReadOnlyList<int>? classes = null)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(test);
        var kept = classes ?? [.. Enumerable.Range(0, training.ClassCount)];
        var trainingRows = RowsOf(training, kept);
        var validationCount = (int)Math.Ceiling(trainingRows.Length * ValidationFraction);
        var trainCount = trainingRows.Length - validationCount;
        return new ClassificationSplit(
            Subset(training, trainingRows[..trainCount], kept),
            Subset(training, trainingRows[trainCount..], kept),
            Subset(test, RowsOf(test, kept), kept));
    }

    /// <summary>The images at <paramref name="rows"/>, relabelled by their class's place in <paramref name="classes"/>.</summary>
    /// <param name="images">The images.</param>
    /// <param name="rows">The rows to keep, in order.</param>
    /// <param name="classes">The classes, in their new order (every row's class must be one of them).</param>
    /// <returns>A new image set with its own pixels.</returns>
    public static LabeledImages Subset(LabeledImages images, IReadOnlyList<int> rows, IReadOnlyList<int> classes)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(classes);
        var size = images.PixelsPerImage;
        var pixels = new float[rows.Count * size];
        var labels = new int[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            images.Image(rows[i]).CopyTo(pixels.AsSpan(i * size, size));
            labels[i] = IndexOf(classes, images.Labels[rows[i]]);
        }
        return new LabeledImages(images.Height, images.Width, pixels, labels, [.. classes.Select(c => images.ClassNames[c])]);
    }

    private static int[] RowsOf(LabeledImages images, IReadOnlyList<int> classes) =>
        [.. Enumerable.Range(0, images.Count).Where(i => classes.Contains(images.Labels[i]))];

    private static int IndexOf(IReadOnlyList<int> classes, int classId)
    {
        for (var i = 0; i < classes.Count; i++)
        {
            if (classes[i] == classId)
                return i;
        }
        throw new ArgumentException($"Class {classId} is not one of the kept classes ({string.Join(", ", classes)}).", nameof(classId));
    }
}
