using Microsoft.ML;

namespace Synaptic.ML.Transforms;

/// <summary>The lazy <see cref="IDataView"/> a <see cref="VectorColumnTransformer"/> returns.</summary>
internal sealed class AppendedColumnDataView(IDataView source, ColumnBinding binding) : IDataView
{
    public bool CanShuffle => source.CanShuffle;

    public DataViewSchema Schema => binding.OutputSchema;

    public long? GetRowCount() => source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToArray();
        var cursor = source.GetRowCursor(binding.InputColumnsFor(needed), rand);
        return new AppendedColumnCursor(cursor, binding, binding.ActiveOutputs(needed));
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}
