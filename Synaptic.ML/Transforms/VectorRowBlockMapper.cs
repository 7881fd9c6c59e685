namespace Synaptic.ML.Transforms;

/// <summary>
/// A <see cref="RowBlockMapper"/> whose input is one float vector per row: each row's values are checked and copied
/// into its slot of <see cref="Inputs"/>. A row the transformer refuses keeps its error, thrown when that row's output
/// is read (<see cref="Ready"/>) — as row by row — and a slot of zeros stands in for it in the block.
/// </summary>
internal abstract class VectorRowBlockMapper : RowBlockMapper
{
    private readonly Func<ReadOnlySpan<float>> _read;
    private readonly Func<ReadOnlySpan<float>, long, Exception?> _check;
    private readonly Exception?[] _errors;

    /// <summary>Creates the mapper.</summary>
    /// <param name="capacity">Rows per block.</param>
    /// <param name="inputSize">Values per input row.</param>
    /// <param name="read">Reads the source's current row.</param>
    /// <param name="check">The error for a row the transformer refuses (given its values and position), or null.</param>
    protected VectorRowBlockMapper(int capacity, int inputSize, Func<ReadOnlySpan<float>> read, Func<ReadOnlySpan<float>, long, Exception?> check)
        : base(capacity)
    {
        _read = read;
        _check = check;
        InputSize = inputSize;
        Inputs = new float[capacity * inputSize];
        _errors = new Exception?[capacity];
    }

    /// <summary>Values per input row.</summary>
    protected int InputSize { get; }

    /// <summary>The block's input rows, back to back (slot k at k · <see cref="InputSize"/>).</summary>
    protected float[] Inputs { get; }

    /// <inheritdoc/>
    protected sealed override void Read(int slot, long position)
    {
        var values = _read();
        var target = Inputs.AsSpan(slot * InputSize, InputSize);
        _errors[slot] = _check(values, position);
        if (_errors[slot] is null)
            values.CopyTo(target);
        else
            target.Clear();   // a valid stand-in: the row's output is never served, its error is
    }

    /// <summary>Computes the block once, then throws the current row's error if the transformer refused it.</summary>
    protected void Ready()
    {
        EnsureComputed();
        if (_errors[Slot] is { } error)
            throw error;
    }
}
