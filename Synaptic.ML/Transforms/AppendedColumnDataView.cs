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
        return Wrap(source.GetRowCursor(binding.InputColumnsFor(needed), rand), needed);
    }

    /// <summary>
    /// One cursor where the transformer maps row by row (a stateful one, such as a policy with per-episode state, must
    /// see the rows in order); where it maps blocks of rows, one cursor per cursor of the source's set, each reading its
    /// own blocks.
    /// </summary>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
    {
        var needed = columnsNeeded.ToArray();
        if (!binding.MapsBlocks(binding.ActiveOutputs(needed)))
            return [GetRowCursor(needed, rand)];
        return [.. source.GetRowCursorSet(binding.InputColumnsFor(needed), n, rand).Select(cursor => Wrap(cursor, needed))];
    }

    private DataViewRowCursor Wrap(DataViewRowCursor cursor, DataViewSchema.Column[] needed)
    {
        var active = binding.ActiveOutputs(needed);
        return binding.MapsBlocks(active)
            ? new RowBlockCursor(cursor, binding, active, binding.CreateBlockMapper(cursor), needed)
            : new AppendedColumnCursor(cursor, binding, active);
    }
}
