using Microsoft.ML;
using Microsoft.ML.Data;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Trains a binary spiking classifier — two output neurons, false and true — with surrogate gradients on a feature
/// column (a known-size vector of Single) and a Boolean label column, as ML.NET's binary trainers take them.
/// <c>Fit</c> returns a <see cref="SpikingBinaryTransformer"/> (<c>Score</c>, <c>Probability</c>, <c>PredictedLabel</c>).
/// </summary>
public sealed class SpikingBinaryTrainer : SpikingClassifierTrainer<SpikingBinaryTransformer>
{
    internal SpikingBinaryTrainer(MLContext context, SpikingClassifierOptions options) : base(context, options, nameof(SpikingBinaryTrainer))
    {
    }

    private protected override bool IsBinary => true;

    private protected override IEnumerable<DataViewSchema.DetachedColumn> ScoreColumns(SchemaShape inputSchema)
    {
        var label = TrainerOptions.LabelColumnName;
        if (SchemaColumn(inputSchema, label) is not { } labelColumn)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"{Name}: the label column '{label}' is not in the schema.");
        if (labelColumn.Kind != SchemaShape.Column.VectorKind.Scalar || labelColumn.ItemType != BooleanDataViewType.Instance)
            throw ClassificationRows.LabelTypeError(Name, label, binary: true, labelColumn.ItemType.ToString());
        return
        [
            new(ClassifierColumnNames.Score, NumberDataViewType.Single),
            new(ClassifierColumnNames.Probability, NumberDataViewType.Single),
            new(ClassifierColumnNames.PredictedLabel, BooleanDataViewType.Instance),
        ];
    }

    private protected override SpikingBinaryTransformer CreateModel(SpikingClassifierScorer scorer, ClassKeyValues classes, TrainingHistory history) =>
        new(Host, TrainerOptions.FeatureColumnName, (ClassifierColumnNames.Score, ClassifierColumnNames.Probability, ClassifierColumnNames.PredictedLabel), scorer, history);
}
