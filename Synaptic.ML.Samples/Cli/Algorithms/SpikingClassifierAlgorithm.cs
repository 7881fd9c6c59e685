using System.Globalization;
using Microsoft.ML;
using Synaptic.ML.Data;
using Synaptic.ML.Plotting;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// A supervised spiking classifier on a data set's rows: it trains on the training rows with the validation rows in its
/// options (the best epoch is kept), is evaluated by ML.NET's evaluator on the test rows (one score: the accuracy; the
/// evaluator's other figures beside it), and renders a confusion matrix of the test rows and, per picture, the hidden
/// layer's spike raster of one test image.
/// </summary>
/// <typeparam name="TModel">The trained classifier.</typeparam>
/// <param name="name">The name after <c>--algo</c>.</param>
/// <param name="summary">One line for the algorithm list.</param>
/// <param name="defaultPreset">The preset used when none is given.</param>
/// <param name="create">Makes the estimator from the context and options (a catalog call).</param>
public abstract class SpikingClassifierAlgorithm<TModel>(string name, string summary, string defaultPreset, Func<MLContext, SpikingClassifierOptions, IEstimator<TModel>> create)
    : DataAlgorithm<SpikingClassifierOptions, TModel>(name, summary, defaultPreset, nameof(SupervisedTrainerOptions.Epochs), create)
    where TModel : SpikingClassifierTransformer
{
    /// <summary>The feature column of the data views: the images' pixels.</summary>
    public const string FeatureColumn = LabeledImages.Columns.Image;

    /// <summary>The label column of the data views.</summary>
    public const string LabelColumn = LabeledImages.Columns.Label;

    /// <summary>The rows of <paramref name="images"/> as the trainer and the evaluator read them.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="images">The images.</param>
    /// <returns>The view: <see cref="FeatureColumn"/> and <see cref="LabelColumn"/>.</returns>
    public abstract IDataView View(MLContext ml, LabeledImages images);

    /// <summary>Scores <paramref name="scored"/> (the model's output on test rows) with ML.NET's evaluator.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="scored">The scored rows.</param>
    /// <returns>The accuracy, and further figures by name.</returns>
    protected abstract (double Accuracy, Dictionary<string, double> Extra) Score(MLContext ml, IDataView scored);

    /// <summary>The predicted class (0 to classes − 1) of each scored row.</summary>
    /// <param name="scored">The scored rows.</param>
    /// <returns>The predictions, in row order.</returns>
    protected abstract int[] Predictions(IDataView scored);

    /// <inheritdoc />
    protected override void Prepare(SpikingClassifierOptions options)
    {
        options.FeatureColumnName = FeatureColumn;
        options.LabelColumnName = LabelColumn;
    }

    /// <inheritdoc />
    protected override (IDataView Train, IDataView? Validation) TrainingData(MLContext ml, string dataSet)
    {
        var data = DataSets.Classification(ml, dataSet, Task);
        return (View(ml, data.Train), View(ml, data.Validation));
    }

    /// <inheritdoc />
    protected override void UseValidationData(SpikingClassifierOptions options, IDataView? validation) => options.ValidationData = validation;

    /// <inheritdoc />
    protected override TrainingHistory? HistoryOf(TModel model) => model.TrainingHistory;

    /// <inheritdoc />
    protected override EvaluationSummary EvaluateModel(MLContext ml, TModel model, string dataSet, int episodes, int seed, SpikingClassifierOptions trained)
    {
        var test = DataSets.Classification(ml, dataSet, Task).Test;
        var (accuracy, extra) = Score(ml, model.Transform(View(ml, test)));
        extra["rows"] = test.Count;
        return new EvaluationSummary("accuracy", [accuracy], SuccessRate: null, extra);
    }

    /// <inheritdoc />
    protected override IReadOnlyList<string> RenderModel(MLContext ml, TModel model, string dataSet, string directory, int pictures, int seed, SpikingClassifierOptions trained)
    {
        var test = DataSets.Classification(ml, dataSet, Task).Test;
        var classes = test.ClassCount;
        var predicted = Predictions(model.Transform(View(ml, test)));
        var confusion = new float[classes * classes];
        for (var i = 0; i < test.Count; i++)
            confusion[test.Labels[i] * classes + predicted[i]]++;
        var right = Enumerable.Range(0, test.Count).Count(i => predicted[i] == test.Labels[i]);
        var files = new List<string>();
        var matrix = Path.Combine(directory, "confusion-matrix.png");
        var legend = Legend(test);
        TableHeatmapPlot.SavePng(matrix, confusion, classes, classes,
            string.Create(CultureInfo.InvariantCulture, $"{Name} on {dataSet}: {right} of {test.Count} test images right"),
            rowLabel: "True class", columnLabel: legend is null ? "Predicted class" : $"Predicted class ({legend})", valueLabel: "Test images",
            width: legend is null ? 800 : 1200, height: legend is null ? 600 : 800);
        files.Add(matrix);
        for (var p = 0; p < pictures; p++)
        {
            var image = (int)((uint)(seed + p) % (uint)test.Count);
            var trace = model.Trace(test.Image(image));
            var (spikes, neurons, layer) = trace.HiddenNeurons > 0 ? (trace.HiddenSpikes, trace.HiddenNeurons, "Hidden") : (trace.OutputSpikes, trace.Classes, "Output");
            var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"raster-{image}.png"));
            SpikeRasterPlot.SavePng(path, spikes, trace.TimeSteps, neurons, string.Create(CultureInfo.InvariantCulture,
                $"{layer} spikes of test image {image}: {test.ClassNames[test.Labels[image]]}, predicted {test.ClassNames[predicted[image]]}"));
            files.Add(path);
        }
        return files;
    }

    // The class names by index, where they are not the indices themselves (the digits' are) and few enough to read.
    private static string? Legend(LabeledImages images) =>
        images.ClassCount > 10 || images.ClassNames.Select((n, i) => n == i.ToString(CultureInfo.InvariantCulture)).All(same => same) ? null
            : string.Join(", ", images.ClassNames.Select((n, i) => string.Create(CultureInfo.InvariantCulture, $"{i} {n}")));
}
