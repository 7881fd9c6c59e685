namespace Synaptic.ML.Environments.Wrappers;

/// <summary>
/// Normalises each observation element to roughly zero mean and unit variance with running
/// statistics, as Gymnasium's <c>NormalizeObservation</c>: every observation (reset and step) first
/// updates <see cref="Statistics"/>, then becomes (x − mean) / √(variance + ε), optionally clipped to
/// [−clip, clip] (as Stable-Baselines3's <c>VecNormalize</c>).
/// </summary>
/// <remarks>
/// Set <see cref="UpdateRunningMean"/> to false to freeze the statistics for evaluation. The
/// normalisation depends on the observations seen so far, so early ones are badly scaled. The
/// statistics are kept in double precision (Gymnasium keeps them in the observation dtype, float32).
/// Allocation-free per step.
/// </remarks>
public sealed class NormalizeObservation : Wrapper
{
    private readonly BoxSpace _observationSpace;

    /// <summary>Wraps <paramref name="env"/>, whose observation space must be a Box.</summary>
    /// <param name="env">The environment.</param>
    /// <param name="epsilon">Added to the variance before the square root, positive (Gymnasium: 1e-8).</param>
    /// <param name="clip">When given, normalised values are clipped to [−clip, clip]; positive.</param>
    /// <exception cref="ArgumentException">The observation space is not a Box.</exception>
    public NormalizeObservation(Env env, double epsilon = 1e-8, float? clip = null)
        : base(env)
    {
        var box = SpaceRequirements.RequireBox(env.ObservationSpace, nameof(NormalizeObservation), "observation", env.Id);
        if (!(epsilon > 0) || !double.IsFinite(epsilon))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Epsilon must be positive and finite.");
        if (clip is float c && !(c > 0))
            throw new ArgumentOutOfRangeException(nameof(clip), c, "The clip bound must be positive.");
        Epsilon = epsilon;
        Clip = clip;
        var bound = clip ?? float.PositiveInfinity;
        _observationSpace = new BoxSpace(
            Enumerable.Repeat(-bound, box.Size).ToArray(), Enumerable.Repeat(bound, box.Size).ToArray(), (int[])box.Shape.Clone());
        Statistics = new RunningMeanStd(box.Size);
    }

    /// <summary>Box(−∞, ∞) of the wrapped shape, or Box(−clip, clip) when clipping.</summary>
    public override Space ObservationSpace => _observationSpace;

    /// <summary>The running mean and variance of the raw observations.</summary>
    public RunningMeanStd Statistics { get; }

    /// <summary>Whether observations still update <see cref="Statistics"/>; false freezes them (evaluation).</summary>
    public bool UpdateRunningMean { get; set; } = true;

    /// <summary>The stability constant under the square root.</summary>
    public double Epsilon { get; }

    /// <summary>The clip bound, or null for none.</summary>
    public float? Clip { get; }

    /// <inheritdoc />
    protected override void OnReset(Span<float> observation, int? seed)
    {
        Inner.Reset(observation, seed);
        Normalize(observation);
    }

    /// <inheritdoc />
    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        var outcome = Inner.Step(action, observation);
        Normalize(observation);
        return outcome;
    }

    /// <summary>Writes the wrapped environment's state, <see cref="Statistics"/> and <see cref="UpdateRunningMean"/>.</summary>
    /// <param name="writer">Destination.</param>
    protected override void WriteState(BinaryWriter writer)
    {
        base.WriteState(writer);
        Statistics.WriteState(writer);
        writer.Write(UpdateRunningMean);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote, <see cref="UpdateRunningMean"/> included.</summary>
    /// <param name="reader">Source.</param>
    /// <exception cref="InvalidDataException">The saved statistics track another number of values.</exception>
    protected override void ReadState(BinaryReader reader)
    {
        base.ReadState(reader);
        Statistics.ReadState(reader, Id);
        UpdateRunningMean = reader.ReadBoolean();
    }

    private void Normalize(Span<float> observation)
    {
        if (UpdateRunningMean)
            Statistics.Update(observation);
        var mean = Statistics.Mean;
        var variance = Statistics.Variance;
        double bound = Clip ?? double.PositiveInfinity;
        for (var i = 0; i < observation.Length; i++)
        {
            var z = (observation[i] - mean[i]) / Math.Sqrt(variance[i] + Epsilon);
            observation[i] = (float)Math.Clamp(z, -bound, bound);
        }
    }
}
