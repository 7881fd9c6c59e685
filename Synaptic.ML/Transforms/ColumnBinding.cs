using Microsoft.ML;
using Microsoft.ML.Data;

namespace Synaptic.ML.Transforms;

/// <summary>
/// Binds an <see cref="AppendedColumnsTransformer"/> to an input schema: which input column it reads,
/// where its appended columns sit in the output schema, and which input columns a request needs.
/// </summary>
internal sealed class ColumnBinding(
    DataViewSchema inputSchema,
    DataViewSchema.Column inputColumn,
    DataViewSchema outputSchema,
    AppendedColumnsTransformer transformer,
    int[] auxiliaryInputs)
{
    public DataViewSchema InputSchema { get; } = inputSchema;

    public DataViewSchema OutputSchema { get; } = outputSchema;

    /// <summary>Index of the first appended column in <see cref="OutputSchema"/>.</summary>
    public int FirstOutputIndex => InputSchema.Count;

    public IEnumerable<DataViewSchema.Column> InputColumnsFor(IEnumerable<DataViewSchema.Column> outputColumns)
    {
        var needed = new HashSet<int>();
        foreach (var column in outputColumns)
        {
            if (column.Index < FirstOutputIndex)
            {
                needed.Add(column.Index);
                continue;
            }
            needed.Add(inputColumn.Index);
            needed.UnionWith(auxiliaryInputs);
        }
        return needed.Order().Select(i => InputSchema[i]);
    }

    /// <summary>Which appended columns are among <paramref name="outputColumns"/>.</summary>
    public bool[] ActiveOutputs(IEnumerable<DataViewSchema.Column> outputColumns)
    {
        var active = new bool[OutputSchema.Count - FirstOutputIndex];
        foreach (var column in outputColumns)
        {
            if (column.Index >= FirstOutputIndex)
                active[column.Index - FirstOutputIndex] = true;
        }
        return active;
    }

    public Delegate?[] CreateOutputGetters(DataViewRow inputRow, bool[] active) =>
        active.Any(a => a) ? transformer.CreateOutputGetters(inputRow, inputColumn, active) : new Delegate?[active.Length];

    /// <summary>Whether a cursor with these appended columns active maps blocks of rows (none active: nothing to map).</summary>
    public bool MapsBlocks(bool[] active) => transformer.MapsBlocks && active.Any(a => a);

    public RowBlockMapper CreateBlockMapper(DataViewRow inputRow) => transformer.CreateOutputBlockMapper(inputRow, inputColumn);

    public ValueGetter<TValue> GetGetter<TValue>(DataViewRow inputRow, DataViewSchema.Column column, Func<Delegate?[]> outputGetters)
    {
        if (column.Index < FirstOutputIndex)
            return inputRow.GetGetter<TValue>(InputSchema[column.Index]);
        if (column.Index >= OutputSchema.Count)
            throw new ArgumentOutOfRangeException(nameof(column), $"Column index {column.Index} is not in this schema of {OutputSchema.Count} columns.");
        var getter = outputGetters()[column.Index - FirstOutputIndex]
            ?? throw new InvalidOperationException($"Column '{column.Name}' was not requested as active when the cursor was created.");
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' holds {OutputSchema[column.Index].Type}; a getter of {typeof(TValue).Name} was requested.");
    }

    public bool IsColumnActive(DataViewRow inputRow, DataViewSchema.Column column, bool[] active) =>
        column.Index < FirstOutputIndex ? inputRow.IsColumnActive(InputSchema[column.Index]) : active[column.Index - FirstOutputIndex];
}
