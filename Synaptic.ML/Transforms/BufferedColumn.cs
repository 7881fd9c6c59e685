using Microsoft.ML;
using Microsoft.ML.Data;

namespace Synaptic.ML.Transforms;

/// <summary>
/// The values of one input column over the rows of a block, so that a <see cref="RowBlockCursor"/> that has read ahead
/// still serves each row's input columns with that row. Vectors are copied (a source may reuse its buffers from row to
/// row); other values are kept as they are, as ML.NET's own row shuffling keeps them.
/// </summary>
internal abstract class BufferedColumn
{
    /// <summary>A buffer for <paramref name="column"/> of <paramref name="source"/>.</summary>
    /// <param name="source">The cursor the values are read from.</param>
    /// <param name="column">The column.</param>
    /// <param name="capacity">Rows per block.</param>
    /// <returns>The buffer.</returns>
    public static BufferedColumn Create(DataViewRow source, DataViewSchema.Column column, int capacity)
    {
        var type = column.Type is VectorDataViewType vector
            ? typeof(VectorColumn<>).MakeGenericType(vector.ItemType.RawType)
            : typeof(ValueColumn<>).MakeGenericType(column.Type.RawType);
        return (BufferedColumn)Activator.CreateInstance(type, source, column, capacity)!;
    }

    /// <summary>Reads the source's current row into <paramref name="slot"/>.</summary>
    /// <param name="slot">The slot.</param>
    public abstract void Read(int slot);

    /// <summary>A getter of the value at the slot <paramref name="slot"/> returns.</summary>
    /// <typeparam name="TValue">The type asked for; must be the column's.</typeparam>
    /// <param name="column">The column, for the message when the type is wrong.</param>
    /// <param name="slot">The current slot.</param>
    /// <returns>The getter.</returns>
    public ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column, Func<int> slot) =>
        CreateGetter(slot) as ValueGetter<TValue>
        ?? throw new InvalidOperationException($"Column '{column.Name}' holds {column.Type}; a getter of {typeof(TValue).Name} was requested.");

    private protected abstract Delegate CreateGetter(Func<int> slot);

    private sealed class ValueColumn<T>(DataViewRow source, DataViewSchema.Column column, int capacity) : BufferedColumn
    {
        private readonly ValueGetter<T> _getter = source.GetGetter<T>(column);
        private readonly T[] _values = new T[capacity];

        public override void Read(int slot) => _getter(ref _values[slot]);

        private protected override Delegate CreateGetter(Func<int> slot) => (ValueGetter<T>)((ref T value) => value = _values[slot()]);
    }

    private sealed class VectorColumn<T>(DataViewRow source, DataViewSchema.Column column, int capacity) : BufferedColumn
    {
        private readonly ValueGetter<VBuffer<T>> _getter = source.GetGetter<VBuffer<T>>(column);
        private readonly VBuffer<T>[] _values = new VBuffer<T>[capacity];
        private VBuffer<T> _read;

        public override void Read(int slot)
        {
            _getter(ref _read);
            _read.CopyTo(ref _values[slot]);
        }

        private protected override Delegate CreateGetter(Func<int> slot) =>
            (ValueGetter<VBuffer<T>>)((ref VBuffer<T> value) => _values[slot()].CopyTo(ref value));
    }
}
