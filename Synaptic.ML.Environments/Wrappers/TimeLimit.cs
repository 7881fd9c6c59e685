namespace Synaptic.ML.Environments.Wrappers;

/// <summary>
/// Truncates episodes after <see cref="MaxEpisodeSteps"/> steps, as Gymnasium's <c>TimeLimit</c>
/// (which <c>Make</c> applies from the spec): the step that reaches the limit returns
/// truncated = true, whether or not it also terminated.
/// </summary>
public sealed class TimeLimit : Wrapper
{
    private int _elapsed;

    /// <summary>Wraps <paramref name="inner"/> with a limit of <paramref name="maxEpisodeSteps"/> steps.</summary>
    /// <param name="inner">The environment.</param>
    /// <param name="maxEpisodeSteps">Positive step limit.</param>
    public TimeLimit(Env inner, int maxEpisodeSteps)
        : base(inner)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEpisodeSteps);
        MaxEpisodeSteps = maxEpisodeSteps;
    }

    /// <summary>The step limit.</summary>
    public int MaxEpisodeSteps { get; }

    /// <summary>Steps taken in the current episode.</summary>
    public int ElapsedSteps => _elapsed;

    /// <inheritdoc />
    protected override void OnReset(Span<float> observation, int? seed)
    {
        _elapsed = 0;
        base.OnReset(observation, seed);
    }

    /// <inheritdoc />
    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        var outcome = base.OnStep(action, observation);
        _elapsed++;
        return _elapsed >= MaxEpisodeSteps ? outcome with { Truncated = true } : outcome;
    }

    /// <summary>Writes the wrapped environment's state, the limit (checked on loading) and the steps elapsed in the episode.</summary>
    /// <param name="writer">Destination.</param>
    protected override void WriteState(BinaryWriter writer)
    {
        base.WriteState(writer);
        writer.Write(MaxEpisodeSteps);
        writer.Write(_elapsed);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    /// <param name="reader">Source.</param>
    /// <exception cref="InvalidDataException">The state was saved under another limit, or its elapsed steps are negative.</exception>
    protected override void ReadState(BinaryReader reader)
    {
        base.ReadState(reader);
        var limit = reader.ReadInt32();
        var elapsed = reader.ReadInt32();
        if (limit != MaxEpisodeSteps)
            throw new InvalidDataException($"The saved time limit of {Id} truncates after {limit} steps; this one after {MaxEpisodeSteps}.");
        if (elapsed < 0 || elapsed > limit)
            throw new InvalidDataException($"The saved time limit of {Id} has {elapsed} elapsed steps; it counts 0 to {limit}.");
        _elapsed = elapsed;
    }
}
