namespace Synaptic.ML.Environments.Wrappers;

/// <summary>
/// Returns the last <see cref="StackSize"/> observations concatenated, oldest first, as Gymnasium's
/// <c>FrameStackObservation</c> with its default "reset" padding: after a reset every slot holds the
/// first observation. Gives a memoryless agent a short history (velocities from positions, etc.).
/// </summary>
/// <remarks>
/// A Box space of shape s becomes a Box of shape [k, s…] whose bounds repeat the wrapped ones;
/// Discrete(n) (starting at 0) becomes MultiDiscrete of k times n, and MultiDiscrete repeats its
/// counts. Allocation-free per step: a ring of k observations is copied out in two pieces.
/// </remarks>
public sealed class FrameStackObservation : Wrapper
{
    private readonly int _size;
    private readonly float[] _ring;
    private readonly Space _observationSpace;
    private int _next;

    /// <summary>Wraps <paramref name="env"/> to stack its last <paramref name="stackSize"/> observations.</summary>
    /// <param name="env">The environment: Box, Discrete starting at 0, or MultiDiscrete observations.</param>
    /// <param name="stackSize">Number of observations stacked, positive.</param>
    /// <exception cref="ArgumentException">The observation space cannot be stacked.</exception>
    public FrameStackObservation(Env env, int stackSize)
        : base(env)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stackSize);
        StackSize = stackSize;
        _size = env.ObservationSpace.Size;
        _ring = new float[stackSize * _size];
        _observationSpace = env.ObservationSpace switch
        {
            BoxSpace box => new BoxSpace(Tile(box.Low, stackSize), Tile(box.High, stackSize), [stackSize, .. box.Shape]),
            DiscreteSpace { Start: 0 } discrete => new MultiDiscreteSpace(Enumerable.Repeat(discrete.N, stackSize).ToArray()),
            MultiDiscreteSpace multi => new MultiDiscreteSpace(Tile(multi.Nvec, stackSize)),
            var other => throw new ArgumentException(
                $"FrameStackObservation stacks Box, Discrete (starting at 0) and MultiDiscrete observations; {env.Id}'s observation space is {other}.", nameof(env)),
        };
    }

    /// <summary>Number of observations stacked.</summary>
    public int StackSize { get; }

    /// <summary>The wrapped space repeated <see cref="StackSize"/> times.</summary>
    public override Space ObservationSpace => _observationSpace;

    /// <inheritdoc />
    protected override void OnReset(Span<float> observation, int? seed)
    {
        var first = _ring.AsSpan(0, _size);
        Inner.Reset(first, seed);
        for (var k = 1; k < StackSize; k++)
            first.CopyTo(_ring.AsSpan(k * _size, _size));
        _next = 0;
        CopyOut(observation);
    }

    /// <inheritdoc />
    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        var outcome = Inner.Step(action, _ring.AsSpan(_next * _size, _size));
        _next = (_next + 1) % StackSize;
        CopyOut(observation);
        return outcome;
    }

    /// <summary>Writes the wrapped environment's state and the stacked observations.</summary>
    /// <param name="writer">Destination.</param>
    protected override void WriteState(BinaryWriter writer)
    {
        base.WriteState(writer);
        writer.Write(_ring.Length);
        foreach (var value in _ring)
            writer.Write(value);
        writer.Write(_next);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    /// <param name="reader">Source.</param>
    /// <exception cref="InvalidDataException">The saved stack holds another number of values.</exception>
    protected override void ReadState(BinaryReader reader)
    {
        base.ReadState(reader);
        var length = reader.ReadInt32();
        if (length != _ring.Length)
            throw new InvalidDataException($"The saved frame stack of {Id} holds {length} values; this one holds {StackSize} × {_size} = {_ring.Length}.");
        for (var i = 0; i < _ring.Length; i++)
            _ring[i] = reader.ReadSingle();
        var next = reader.ReadInt32();
        if ((uint)next >= (uint)StackSize)
            throw new InvalidDataException($"The saved frame stack of {Id} starts at slot {next}; this one has slots 0 to {StackSize - 1}.");
        _next = next;
    }

    // _next is the oldest slot: the stack reads from it to the end of the ring, then wraps around.
    private void CopyOut(Span<float> observation)
    {
        var split = _next * _size;
        _ring.AsSpan(split).CopyTo(observation);
        _ring.AsSpan(0, split).CopyTo(observation[(_ring.Length - split)..]);
    }

    private static T[] Tile<T>(ReadOnlySpan<T> values, int times)
    {
        var tiled = new T[values.Length * times];
        for (var k = 0; k < times; k++)
            values.CopyTo(tiled.AsSpan(k * values.Length));
        return tiled;
    }
}
