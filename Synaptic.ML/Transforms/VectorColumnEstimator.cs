using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Persistence;

namespace Synaptic.ML.Transforms;

/// <summary>
/// Base of the estimators whose transformer needs no training (encoders, decoders): the
/// transformer is built, and its options checked, when the estimator is created; fitting only
/// checks the input schema and returns it.
/// </summary>
/// <typeparam name="TTransformer">The transformer produced.</typeparam>
public abstract class VectorColumnEstimator<TTransformer> : IEstimator<TTransformer>
    where TTransformer : VectorColumnTransformer
{
    private readonly TTransformer _transformer;
    private readonly Func<int?, TTransformer> _create;

    /// <summary>Creates the estimator.</summary>
    /// <param name="componentName">Name of the estimator, for messages.</param>
    /// <param name="create">Makes the transformer for a fitted input size (<see langword="null"/>: not fitted); called once
    /// at once, so bad options fail when the estimator is made, and again by <see cref="Fit"/> with the input column's size.</param>
    private protected VectorColumnEstimator(string componentName, Func<int?, TTransformer> create)
    {
        ComponentName = componentName;
        _create = create;
        _transformer = create(null);
    }

    /// <summary>Name of the column the transformer appends.</summary>
    public string OutputColumnName => _transformer.OutputColumnName;

    /// <summary>Name of the float-vector column the transformer reads.</summary>
    public string InputColumnName => _transformer.InputColumnName;

    private protected string ComponentName { get; }

    /// <summary>
    /// Checks <paramref name="input"/>'s schema and returns the transformer, bound to the input column's size: data of another
    /// size is refused when transformed (see <see cref="VectorColumnTransformer.FittedInputSize"/>).
    /// </summary>
    /// <param name="input">Data whose schema holds the input column.</param>
    /// <returns>The transformer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The input column is missing or of the wrong type or size.</exception>
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _transformer.GetOutputSchema(input.Schema);
        var fitted = _create(((VectorDataViewType)input.Schema[InputColumnName].Type).Size);
        fitted.GetOutputSchema(input.Schema);
        return fitted;
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var matches = inputSchema.Where(c => c.Name == InputColumnName).ToArray();
        if (matches.Length == 0)
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"{ComponentName}: input column '{InputColumnName}' is not in the schema (columns: {string.Join(", ", inputSchema.Select(c => c.Name))}).");
        var input = matches[^1];
        if (input.Kind != SchemaShape.Column.VectorKind.Vector || input.ItemType != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"{ComponentName}: input column '{InputColumnName}' must be a known-size vector of Single; it is a {input.Kind} of {input.ItemType}.");

        // SchemaShape.Column cannot be constructed outside ML.NET; take ours from a one-column schema.
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(OutputColumnName, new VectorDataViewType(NumberDataViewType.Single, 1));
        var output = MlNetModelIO.CreateSchemaShape(builder.ToSchema()).Single();
        return new SchemaShape(inputSchema.Where(c => c.Name != OutputColumnName).Append(output));
    }
}
