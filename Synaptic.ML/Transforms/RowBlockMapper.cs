namespace Synaptic.ML.Transforms;

/// <summary>
/// Computes a transformer's appended columns for a block of rows at once, for one <see cref="RowBlockCursor"/>: the
/// cursor reads up to <see cref="Capacity"/> source rows into slots, then serves them one by one, and the block's
/// outputs are computed together when the first of them is read. One mapper belongs to one cursor.
/// </summary>
/// <remarks>
/// A network evaluated on many rows in one forward costs far less per row than one forward per row (libtorch's
/// per-call overhead and its convolutions both favour batches), so a cursor over many rows reads ahead.
/// </remarks>
internal abstract class RowBlockMapper
{
    private int _count;
    private bool _computed;

    /// <summary>Creates the mapper.</summary>
    /// <param name="capacity">Rows per block.</param>
    protected RowBlockMapper(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    /// <summary>Rows per block.</summary>
    public int Capacity { get; }

    /// <summary>The slot of the row the cursor is on.</summary>
    protected int Slot { get; private set; }

    /// <summary>Starts a new, empty block.</summary>
    public void Clear()
    {
        _count = 0;
        _computed = false;
    }

    /// <summary>Reads the input of the source's current row into the next slot.</summary>
    /// <param name="position">The row's position, for messages about its values.</param>
    public void Add(long position)
    {
        if (_count == Capacity)
            throw new InvalidOperationException($"The block already holds {Capacity} rows.");
        Read(_count, position);
        _count++;
    }

    /// <summary>Puts the cursor on <paramref name="slot"/>; the getters then read that row.</summary>
    /// <param name="slot">A slot of the current block.</param>
    public void MoveTo(int slot) => Slot = slot;

    /// <summary>
    /// Creates the getters of the appended columns: entry k is a <see cref="ValueGetter{TValue}"/> of column k's type
    /// reading the row at <see cref="Slot"/>, or <see langword="null"/> where <paramref name="active"/>[k] is false.
    /// </summary>
    /// <param name="active">Which appended columns were requested.</param>
    /// <returns>One getter per appended column.</returns>
    public abstract Delegate?[] CreateGetters(bool[] active);

    /// <summary>Computes the block's outputs, once per block; getters call it before reading.</summary>
    protected void EnsureComputed()
    {
        if (_computed)
            return;
        Compute(_count);
        _computed = true;
    }

    /// <summary>Reads the input of the source's current row into <paramref name="slot"/>.</summary>
    /// <param name="slot">The slot.</param>
    /// <param name="position">The row's position.</param>
    protected abstract void Read(int slot, long position);

    /// <summary>Computes the outputs of slots 0 to <paramref name="count"/> − 1.</summary>
    /// <param name="count">Rows in the block.</param>
    protected abstract void Compute(int count);
}
