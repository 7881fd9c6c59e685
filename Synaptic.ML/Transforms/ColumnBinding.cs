using Microsoft.ML;
using Microsoft.ML.Data;

namespace Synaptic.ML.Transforms;

/// <summary>
/// How one <see cref="VectorColumnTransformer"/> binds to one input schema: the output schema is
/// the input schema plus one appended column at index <see cref="OutputIndex"/>.
/// </summary>
internal sealed class ColumnBinding(
    DataViewSchema inputSchema,
    DataViewSchema.Column inputColumn,
    DataViewSchema outputSchema,
    VectorDataViewType outputType,
    VectorColumnTransformer transformer)
{
    public DataViewSchema InputSchema { get; } = inputSchema;

    public DataViewSchema OutputSchema { get; } = outputSchema;

    public int OutputIndex => InputSchema.Count;

    /// <summary>The input columns needed to produce <paramref name="outputColumns"/>.</summary>
    public IEnumerable<DataViewSchema.Column> InputColumnsFor(IEnumerable<DataViewSchema.Column> outputColumns)
    {
        var needed = new HashSet<int>();
        foreach (var column in outputColumns)
        {
            if (column.Index == OutputIndex)
                needed.Add(inputColumn.Index);
            else if (column.Index < OutputIndex)
                needed.Add(column.Index);
        }
        return needed.Order().Select(i => InputSchema[i]);
    }

    public bool IsOutputActive(IEnumerable<DataViewSchema.Column> outputColumns) =>
        outputColumns.Any(c => c.Index == OutputIndex);

    /// <summary>Getter of output column <paramref name="column"/> over <paramref name="inputRow"/>.</summary>
    public ValueGetter<TValue> GetGetter<TValue>(DataViewRow inputRow, DataViewSchema.Column column, bool outputActive)
    {
        if (column.Index < OutputIndex)
            return inputRow.GetGetter<TValue>(InputSchema[column.Index]);
        if (column.Index != OutputIndex)
            throw new ArgumentOutOfRangeException(nameof(column), $"Column index {column.Index} is not in this schema of {OutputSchema.Count} columns.");
        if (!outputActive)
            throw new InvalidOperationException($"Column '{column.Name}' was not requested as active when the cursor was created.");
        if (typeof(TValue) != typeof(VBuffer<float>))
            throw new InvalidOperationException($"Column '{column.Name}' holds VBuffer<Single>; a getter of {typeof(TValue).Name} was requested.");
        return (ValueGetter<TValue>)(Delegate)transformer.CreateGetter(inputRow, inputColumn, outputType);
    }

    public bool IsColumnActive(DataViewRow inputRow, DataViewSchema.Column column, bool outputActive) =>
        column.Index < OutputIndex ? inputRow.IsColumnActive(InputSchema[column.Index]) : outputActive;
}
