namespace Synaptic.ML.Environments.Wrappers;

/// <summary>
/// Hides chosen elements of a Box observation, turning a fully observed task into a partially
/// observed one that needs memory: e.g. <c>new MaskObservation(cartPole, 1, 3)</c> drops CartPole's
/// cart and pole velocities, leaving position and angle. The observation space is the Box of the
/// kept elements, in their original order, with their original bounds.
/// </summary>
/// <remarks>Allocation-free per step.</remarks>
public sealed class MaskObservation : Wrapper
{
    private readonly int[] _kept;
    private readonly int[] _hidden;
    private readonly float[] _full;
    private readonly BoxSpace _observationSpace;

    /// <summary>Wraps <paramref name="env"/>, dropping the elements at <paramref name="hiddenIndices"/>.</summary>
    /// <param name="env">The environment; its observation space must be a Box.</param>
    /// <param name="hiddenIndices">Distinct element indices to drop; at least one element must remain.</param>
    /// <exception cref="ArgumentException">Not a Box, or an index out of range, repeated, or hiding everything.</exception>
    public MaskObservation(Env env, params int[] hiddenIndices)
        : base(env)
    {
        ArgumentNullException.ThrowIfNull(hiddenIndices);
        var box = SpaceRequirements.RequireBox(env.ObservationSpace, nameof(MaskObservation), "observation", env.Id);
        var n = box.Size;
        var hide = new bool[n];
        foreach (var index in hiddenIndices)
        {
            if (index < 0 || index >= n)
                throw new ArgumentOutOfRangeException(nameof(hiddenIndices), index, $"Element {index} does not exist; {env.Id}'s observations have elements 0 to {n - 1}.");
            if (hide[index])
                throw new ArgumentException($"Element {index} is listed twice in the hidden indices.", nameof(hiddenIndices));
            hide[index] = true;
        }
        _kept = Enumerable.Range(0, n).Where(i => !hide[i]).ToArray();
        if (_kept.Length == 0)
            throw new ArgumentException($"Hiding elements [{string.Join(", ", hiddenIndices)}] leaves nothing of {env.Id}'s {n}-element observations.", nameof(hiddenIndices));
        _hidden = Enumerable.Range(0, n).Where(i => hide[i]).ToArray();
        var low = box.Low.ToArray();
        var high = box.High.ToArray();
        _observationSpace = new BoxSpace(_kept.Select(i => low[i]).ToArray(), _kept.Select(i => high[i]).ToArray());
        _full = new float[n];
    }

    /// <summary>Indices of the kept elements, increasing.</summary>
    public ReadOnlySpan<int> KeptIndices => _kept;

    /// <summary>Indices of the hidden elements, increasing.</summary>
    public ReadOnlySpan<int> HiddenIndices => _hidden;

    /// <summary>The full observation of the last reset or step, before masking.</summary>
    public ReadOnlySpan<float> FullObservation => _full;

    /// <summary>Box of the kept elements' bounds.</summary>
    public override Space ObservationSpace => _observationSpace;

    /// <inheritdoc />
    protected override void OnReset(Span<float> observation, int? seed)
    {
        Inner.Reset(_full, seed);
        Keep(observation);
    }

    /// <inheritdoc />
    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        var outcome = Inner.Step(action, _full);
        Keep(observation);
        return outcome;
    }

    /// <summary>Writes the wrapped environment's state and the full observation (<see cref="FullObservation"/>).</summary>
    /// <param name="writer">Destination.</param>
    protected override void WriteState(BinaryWriter writer)
    {
        base.WriteState(writer);
        writer.Write(_full.Length);
        foreach (var value in _full)
            writer.Write(value);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    /// <param name="reader">Source.</param>
    /// <exception cref="InvalidDataException">The saved observation has another number of values.</exception>
    protected override void ReadState(BinaryReader reader)
    {
        base.ReadState(reader);
        var length = reader.ReadInt32();
        if (length != _full.Length)
            throw new InvalidDataException($"The saved state of {Id}'s MaskObservation holds a {length}-value observation; the wrapped observations have {_full.Length}.");
        for (var i = 0; i < _full.Length; i++)
            _full[i] = reader.ReadSingle();
    }

    private void Keep(Span<float> observation)
    {
        for (var i = 0; i < _kept.Length; i++)
            observation[i] = _full[_kept[i]];
    }
}
