using Microsoft.ML;

namespace Synaptic.ML.Transforms;

/// <summary>A cursor over the source with the appended column computed on demand.</summary>
internal sealed class AppendedColumnCursor(DataViewRowCursor source, ColumnBinding binding, bool outputActive) : DataViewRowCursor
{
    public override DataViewSchema Schema => binding.OutputSchema;

    public override long Position => source.Position;

    public override long Batch => source.Batch;

    public override bool MoveNext() => source.MoveNext();

    public override ValueGetter<DataViewRowId> GetIdGetter() => source.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) => binding.IsColumnActive(source, column, outputActive);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
        binding.GetGetter<TValue>(source, column, outputActive);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            source.Dispose();
        base.Dispose(disposing);
    }
}
