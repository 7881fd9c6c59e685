using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Data;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// The multiclass spiking classifier on the command line: the rows as <see cref="LabeledImages.ToDataView"/> gives them
/// (<c>Label</c> a key with the class names), scored by <c>MulticlassClassification.Evaluate</c> (micro accuracy; macro
/// accuracy and log-loss beside it).
/// </summary>
/// <param name="name">The name after <c>--algo</c>.</param>
/// <param name="summary">One line for the algorithm list.</param>
/// <param name="defaultPreset">The preset used when none is given.</param>
/// <param name="create">Makes the estimator (a catalog call).</param>
public sealed class SpikingMulticlassAlgorithm(string name, string summary, string defaultPreset,
    Func<MLContext, SpikingClassifierOptions, IEstimator<SpikingMulticlassTransformer>> create)
    : SpikingClassifierAlgorithm<SpikingMulticlassTransformer>(name, summary, defaultPreset, create)
{
    /// <inheritdoc />
    public override DataSetTask Task => DataSetTask.Multiclass;

    /// <inheritdoc />
    public override IDataView View(MLContext ml, LabeledImages images)
    {
        ArgumentNullException.ThrowIfNull(images);
        return images.ToDataView(ml);
    }

    /// <inheritdoc />
    protected override (double Accuracy, Dictionary<string, double> Extra) Score(MLContext ml, IDataView scored)
    {
        var metrics = ml.MulticlassClassification.Evaluate(scored, LabelColumn);
        return (metrics.MicroAccuracy, new Dictionary<string, double> { ["macroAccuracy"] = metrics.MacroAccuracy, ["logLoss"] = metrics.LogLoss });
    }

    /// <inheritdoc />
    protected override int[] Predictions(IDataView scored) => [.. scored.GetColumn<uint>("PredictedLabel").Select(k => (int)k - 1)];
}
