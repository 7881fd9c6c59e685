namespace Synaptic.ML.Environments.Wrappers;

/// <summary>
/// Maps a Box observation with finite bounds affinely onto [min, max], as Gymnasium's <c>RescaleObservation</c>:
/// element i becomes min + (max − min)·(o − low) / (high − low), so low ↦ min and high ↦ max. Useful where the raw
/// scales differ by orders of magnitude (CartPole's angle against its cart position) and a network should see all
/// elements at one scale.
/// </summary>
/// <remarks>Unbounded elements are refused (no affine map sends an infinite range onto a finite one). Allocation-free per step.</remarks>
public sealed class RescaleObservation : Wrapper
{
    private readonly BoxSpace _innerSpace;
    private readonly BoxSpace _observationSpace;

    /// <summary>Wraps <paramref name="env"/> so that every observation element ranges over [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <param name="env">The environment; its observation space must be a Box with finite bounds.</param>
    /// <param name="min">New lower bound of every element.</param>
    /// <param name="max">New upper bound of every element, greater than <paramref name="min"/>.</param>
    /// <exception cref="ArgumentException">Not a finite Box, or min ≥ max, or a bound not finite.</exception>
    public RescaleObservation(Env env, float min, float max)
        : base(env)
    {
        _innerSpace = SpaceRequirements.RequireBox(env.ObservationSpace, nameof(RescaleObservation), "observation", env.Id);
        SpaceRequirements.RequireFinite(_innerSpace, nameof(RescaleObservation), "observation", env.Id);
        if (!float.IsFinite(min) || !float.IsFinite(max) || !(min < max))
            throw new ArgumentException($"RescaleObservation needs finite bounds with min < max; it got [{min}, {max}].", nameof(min));
        var n = _innerSpace.Size;
        for (var i = 0; i < n; i++)
        {
            if (!(_innerSpace.Low[i] < _innerSpace.High[i]))
                throw new ArgumentException($"{env.Id}'s observation element {i} has equal bounds [{_innerSpace.Low[i]}, {_innerSpace.High[i]}]; it cannot be rescaled.", nameof(env));
        }
        _observationSpace = new BoxSpace(Enumerable.Repeat(min, n).ToArray(), Enumerable.Repeat(max, n).ToArray(), (int[])_innerSpace.Shape.Clone());
    }

    /// <summary>Box(min, max) of the wrapped shape.</summary>
    public override Space ObservationSpace => _observationSpace;

    /// <inheritdoc />
    protected override void OnReset(Span<float> observation, int? seed)
    {
        Inner.Reset(observation, seed);
        Rescale(observation);
    }

    /// <inheritdoc />
    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        var outcome = Inner.Step(action, observation);
        Rescale(observation);
        return outcome;
    }

    /// <summary>Writes the wrapped environment's state; RescaleObservation keeps no state of its own.</summary>
    /// <param name="writer">Destination.</param>
    protected override void WriteState(BinaryWriter writer) => base.WriteState(writer);

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    /// <param name="reader">Source.</param>
    protected override void ReadState(BinaryReader reader) => base.ReadState(reader);

    private void Rescale(Span<float> observation)
    {
        ReadOnlySpan<float> low = _innerSpace.Low, high = _innerSpace.High, min = _observationSpace.Low, max = _observationSpace.High;
        for (var i = 0; i < observation.Length; i++)
            observation[i] = (float)(min[i] + ((double)max[i] - min[i]) * ((observation[i] - (double)low[i]) / ((double)high[i] - low[i])));
    }
}
