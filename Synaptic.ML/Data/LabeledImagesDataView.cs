namespace Synaptic.ML.Data;

/// <summary>
/// The <see cref="IDataView"/> of a <see cref="LabeledImages"/>: columns Image (Single vector [H, W]),
/// Label (UInt32 key with the class names as key values) and, when present, Alphabet (text). Rows are
/// read straight from the set's arrays, so the view costs nothing until a cursor reads it.
/// </summary>
internal sealed class LabeledImagesDataView : IDataView
{
    /// <summary>ML.NET's annotation kind for the values of a key type (<c>AnnotationUtils.Kinds.KeyValues</c>, not public).</summary>
    internal const string KeyValuesKind = "KeyValues";

    private const int ImageIndex = 0;
    private const int LabelIndex = 1;
    private const int AlphabetIndex = 2;

    private readonly LabeledImages _images;
    private readonly ReadOnlyMemory<char>[] _alphabets;

    public LabeledImagesDataView(LabeledImages images)
    {
        _images = images;
        _alphabets = images.ClassAlphabets?.Select(a => a.AsMemory()).ToArray() ?? [];
        Schema = CreateSchema(images);
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _images.Count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var active = new bool[Schema.Count];
        foreach (var column in columnsNeeded)
        {
            active[column.Index] = true;
        }

        return new Cursor(this, active);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private static DataViewSchema CreateSchema(LabeledImages images)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(LabeledImages.Columns.Image, new VectorDataViewType(NumberDataViewType.Single, images.Height, images.Width));

        var names = images.ClassNames.Select(n => n.AsMemory()).ToArray();
        var annotations = new DataViewSchema.Annotations.Builder();
        annotations.Add(KeyValuesKind, new VectorDataViewType(TextDataViewType.Instance, names.Length), (ref VBuffer<ReadOnlyMemory<char>> value) =>
            value = new VBuffer<ReadOnlyMemory<char>>(names.Length, (ReadOnlyMemory<char>[])names.Clone()));
        builder.AddColumn(LabeledImages.Columns.Label, new KeyDataViewType(typeof(uint), names.Length), annotations.ToAnnotations());

        if (images.ClassAlphabets is not null)
        {
            builder.AddColumn(LabeledImages.Columns.Alphabet, TextDataViewType.Instance);
        }

        return builder.ToSchema();
    }

    private sealed class Cursor(LabeledImagesDataView view, bool[] active) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (_position < view._images.Count)
            {
                _position++;
            }

            return _position < view._images.Count;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)Row(), 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => active[column.Index];

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index >= active.Length || Schema[column.Index].Name != column.Name || !Schema[column.Index].Type.Equals(column.Type))
            {
                throw new ArgumentException($"Column '{column.Name}' is not a column of this image data view.", nameof(column));
            }

            if (!active[column.Index])
            {
                throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was created.");
            }

            Delegate getter = column.Index switch
            {
                ImageIndex => (ValueGetter<VBuffer<float>>)GetImage,
                LabelIndex => (ValueGetter<uint>)GetLabel,
                AlphabetIndex => (ValueGetter<ReadOnlyMemory<char>>)GetAlphabet,
                _ => throw new ArgumentOutOfRangeException(nameof(column), column.Index, "Unknown column."),
            };
            return getter as ValueGetter<TValue> ?? throw new InvalidOperationException(
                $"Column '{column.Name}' has type {column.Type}; it cannot be read as {typeof(TValue).Name}.");
        }

        private void GetImage(ref VBuffer<float> value)
        {
            var pixels = view._images.Image(Row());
            var editor = VBufferEditor.Create(ref value, pixels.Length);
            pixels.CopyTo(editor.Values);
            value = editor.Commit();
        }

        private void GetLabel(ref uint value) => value = (uint)view._images.Labels[Row()] + 1;

        private void GetAlphabet(ref ReadOnlyMemory<char> value) => value = view._alphabets[view._images.Labels[Row()]];

        private int Row()
        {
            if (_position < 0 || _position >= view._images.Count)
            {
                throw new InvalidOperationException("The cursor is not on a row: call MoveNext first, and not after it returned false.");
            }

            return (int)_position;
        }
    }
}
