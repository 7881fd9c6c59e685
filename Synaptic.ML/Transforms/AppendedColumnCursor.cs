using Microsoft.ML;

namespace Synaptic.ML.Transforms;

/// <summary>A cursor over the input with the transformer's appended columns.</summary>
internal sealed class AppendedColumnCursor(DataViewRowCursor source, ColumnBinding binding, bool[] active) : DataViewRowCursor
{
    private Delegate?[]? _getters;

    public override DataViewSchema Schema => binding.OutputSchema;

    public override long Position => source.Position;

    public override long Batch => source.Batch;

    public override bool MoveNext() => source.MoveNext();

    public override ValueGetter<DataViewRowId> GetIdGetter() => source.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) => binding.IsColumnActive(source, column, active);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
        binding.GetGetter<TValue>(source, column, () => _getters ??= binding.CreateOutputGetters(source, active));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            source.Dispose();
        base.Dispose(disposing);
    }
}
