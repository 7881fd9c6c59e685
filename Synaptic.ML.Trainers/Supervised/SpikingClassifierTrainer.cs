using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Persistence;

namespace Synaptic.ML.Trainers;

/// <summary>
/// What the binary and multiclass spiking classifier trainers share: the network is built for the feature column's
/// size (and [H, W] for convolutions) and the label's classes, trained by <see cref="SpikingClassifierLearner"/>,
/// and the output schema is the input plus the score columns.
/// </summary>
/// <typeparam name="TModel">The trained transformer.</typeparam>
public abstract class SpikingClassifierTrainer<TModel> : SupervisedTrainer<SpikingClassifierOptions, TModel>
    where TModel : SpikingClassifierTransformer
{
    private protected SpikingClassifierTrainer(MLContext context, SpikingClassifierOptions options, string name) : base(context, options, name)
    {
    }

    private protected override string BestModelFileName => "best-classifier.zip";

    /// <summary>Checks the label column and returns the appended columns (their types; vector and key sizes do not matter here).</summary>
    private protected abstract IEnumerable<DataViewSchema.DetachedColumn> ScoreColumns(SchemaShape inputSchema);

    /// <summary>The input schema plus the score columns; refuses a missing or mistyped feature or label column.</summary>
    /// <param name="inputSchema">The input schema shape.</param>
    /// <returns>The output schema shape.</returns>
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var options = TrainerOptions;
        if (SchemaColumn(inputSchema, options.FeatureColumnName) is not { } features)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"{Name}: the feature column '{options.FeatureColumnName}' is not in the schema.");
        if (features.Kind != SchemaShape.Column.VectorKind.Vector || features.ItemType != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"{Name}: schema mismatch for feature column '{options.FeatureColumnName}': expected a known-size vector of Single, got {features.ItemType} ({features.Kind}).");
        var added = new DataViewSchema.Builder();
        foreach (var column in ScoreColumns(inputSchema))
            added.AddColumn(column.Name, column.Type, column.Annotations);
        var shape = MlNetModelIO.CreateSchemaShape(added.ToSchema());
        return new SchemaShape(inputSchema.Where(c => SchemaColumn(shape, c.Name) is null).Concat(shape));
    }

    /// <summary>The column of <paramref name="schema"/> named <paramref name="name"/>, or null.</summary>
    private protected static SchemaShape.Column? SchemaColumn(SchemaShape schema, string name)
    {
        foreach (var column in schema)
        {
            if (column.Name == name)
                return column;
        }
        return null;
    }

    private protected override ISupervisedLearner CreateLearner(ClassificationRows rows, int seed)
    {
        if (TrainerOptions.Network.ConvolutionChannels.Length > 0)
            TrainerOptions.Network.ConvolutionOutputSize(rows.Height, rows.Width);
        return new SpikingClassifierLearner(TrainerOptions, rows, seed);
    }

    private protected override TModel CreateModel(ISupervisedLearner learner, ClassificationRows rows, TrainingHistory history) =>
        CreateModel(((SpikingClassifierLearner)learner).Scorer, rows.Classes, history);

    /// <summary>The transformer over a trained network.</summary>
    private protected abstract TModel CreateModel(SpikingClassifierScorer scorer, ClassKeyValues classes, TrainingHistory history);
}
