namespace Synaptic.ML.Environments.Wrappers;

/// <summary>
/// Clips each action element into the wrapped environment's Box action space, as Gymnasium's
/// <c>ClipAction</c>: the wrapper accepts any finite-or-infinite real vector of the right length
/// (its action space is Box(−∞, ∞) of the same shape, as in Gymnasium 1.0) and passes
/// clip(action, low, high) on. NaN is still refused.
/// </summary>
/// <remarks>Allocation-free per step.</remarks>
public sealed class ClipAction : Wrapper
{
    private readonly BoxSpace _innerSpace;
    private readonly BoxSpace _actionSpace;
    private readonly float[] _clipped;

    /// <summary>Wraps <paramref name="env"/>, whose action space must be a Box.</summary>
    /// <param name="env">The environment.</param>
    /// <exception cref="ArgumentException">The action space is not a Box.</exception>
    public ClipAction(Env env)
        : base(env)
    {
        _innerSpace = SpaceRequirements.RequireBox(env.ActionSpace, nameof(ClipAction), "action", env.Id);
        var n = _innerSpace.Size;
        _actionSpace = new BoxSpace(
            Enumerable.Repeat(float.NegativeInfinity, n).ToArray(), Enumerable.Repeat(float.PositiveInfinity, n).ToArray(), (int[])_innerSpace.Shape.Clone());
        _clipped = new float[n];
    }

    /// <summary>Box(−∞, ∞) of the wrapped shape.</summary>
    public override Space ActionSpace => _actionSpace;

    /// <inheritdoc />
    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        var low = _innerSpace.Low;
        var high = _innerSpace.High;
        for (var i = 0; i < _clipped.Length; i++)
            _clipped[i] = Math.Clamp(action[i], low[i], high[i]);
        return Inner.Step(_clipped, observation);
    }

    /// <summary>Writes the wrapped environment's state; ClipAction keeps no state of its own.</summary>
    /// <param name="writer">Destination.</param>
    protected override void WriteState(BinaryWriter writer) => base.WriteState(writer);

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    /// <param name="reader">Source.</param>
    protected override void ReadState(BinaryReader reader) => base.ReadState(reader);
}
