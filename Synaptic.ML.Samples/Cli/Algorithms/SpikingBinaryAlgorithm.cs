using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Data;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// The binary spiking classifier on the command line: a two-class data set's rows with a Boolean <c>Label</c> (true for
/// the second class), scored by <c>BinaryClassification.Evaluate</c> (accuracy; AUC, F1 and log-loss beside it).
/// </summary>
/// <param name="name">The name after <c>--algo</c>.</param>
/// <param name="summary">One line for the algorithm list.</param>
/// <param name="defaultPreset">The preset used when none is given.</param>
/// <param name="create">Makes the estimator (a catalog call).</param>
public sealed class SpikingBinaryAlgorithm(string name, string summary, string defaultPreset,
    Func<MLContext, SpikingClassifierOptions, IEstimator<SpikingBinaryTransformer>> create)
    : SpikingClassifierAlgorithm<SpikingBinaryTransformer>(name, summary, defaultPreset, create)
{
    /// <inheritdoc />
    public override DataSetTask Task => DataSetTask.Binary;

    /// <inheritdoc />
    public override IDataView View(MLContext ml, LabeledImages images)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(images);
        if (images.ClassCount != 2)
            throw new ArgumentException($"A binary classifier needs two classes; the images have {images.ClassCount}.", nameof(images));
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Image)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, images.Height, images.Width);
        var rows = Enumerable.Range(0, images.Count).Select(i => new Row { Image = images.Image(i).ToArray(), Label = images.Labels[i] == 1 }).ToList();
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    /// <inheritdoc />
    protected override (double Accuracy, Dictionary<string, double> Extra) Score(MLContext ml, IDataView scored)
    {
        var metrics = ml.BinaryClassification.Evaluate(scored, LabelColumn);
        return (metrics.Accuracy, new Dictionary<string, double> { ["auc"] = metrics.AreaUnderRocCurve, ["f1"] = metrics.F1Score, ["logLoss"] = metrics.LogLoss });
    }

    /// <inheritdoc />
    protected override int[] Predictions(IDataView scored) => [.. scored.GetColumn<bool>("PredictedLabel").Select(p => p ? 1 : 0)];

    /// <summary>One row: the pixels and whether the image is of the second (positive) class.</summary>
    private sealed class Row
    {
        public float[] Image { get; set; } = [];

        public bool Label { get; set; }
    }
}
