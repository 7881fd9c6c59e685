using Microsoft.ML;
using Microsoft.ML.Data;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Trains a multiclass spiking classifier with surrogate gradients (snnTorch's set-up by default) on a feature
/// column (a known-size vector of Single, e.g. pixels in [0, 1], or the <c>Image</c> column of <c>LabeledImages</c>)
/// and a key label column, as ML.NET's multiclass trainers take them. <c>Fit</c> returns a
/// <see cref="SpikingMulticlassTransformer"/> (<c>Score</c>, <c>PredictedLabel</c>).
/// </summary>
/// <example>
/// <code>
/// var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
///     .Append(ml.Synaptic().Trainers.SpikingMulticlass(new SpikingClassifierOptions { Epochs = 2 }));
/// var model = pipeline.Fit(train);
/// var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
/// </code>
/// </example>
public sealed class SpikingMulticlassTrainer : SpikingClassifierTrainer<SpikingMulticlassTransformer>
{
    internal SpikingMulticlassTrainer(MLContext context, SpikingClassifierOptions options) : base(context, options, nameof(SpikingMulticlassTrainer))
    {
    }

    private protected override bool IsBinary => false;

    private protected override IEnumerable<DataViewSchema.DetachedColumn> ScoreColumns(SchemaShape inputSchema)
    {
        var label = TrainerOptions.LabelColumnName;
        if (SchemaColumn(inputSchema, label) is not { } labelColumn)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"{Name}: the label column '{label}' is not in the schema.");
        if (!labelColumn.IsKey)
            throw ClassificationRows.LabelTypeError(Name, label, binary: false, labelColumn.ItemType.ToString());
        return
        [
            new(ClassifierColumnNames.Score, new VectorDataViewType(NumberDataViewType.Single, 2)),
            new(ClassifierColumnNames.PredictedLabel, new KeyDataViewType(typeof(uint), 2)),
        ];
    }

    private protected override SpikingMulticlassTransformer CreateModel(SpikingClassifierScorer scorer, ClassKeyValues classes, TrainingHistory history) =>
        new(Host, TrainerOptions.FeatureColumnName, ClassifierColumnNames.Score, ClassifierColumnNames.PredictedLabel, scorer, classes, history);
}
