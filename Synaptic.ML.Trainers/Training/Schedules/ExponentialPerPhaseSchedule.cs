namespace Synaptic.ML.Trainers;

/// <summary>
/// initial·max(decay^StepsInPhase, floorFraction): a geometric decay per step of the current curriculum
/// phase that starts over from the initial value when a new phase begins (because
/// <see cref="SchedulePoint.StepsInPhase"/> does), so a learner explores afresh on each harder task.
/// </summary>
/// <remarks>
/// The budget fraction is ignored. Without a curriculum there is one phase, and the decay runs over the
/// whole training. The floor applies to the factor, so for a positive initial value the result is never below
/// <see cref="FloorFraction"/>·initial.
/// </remarks>
public sealed class ExponentialPerPhaseSchedule : Schedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="decay">Factor per step of the phase, in (0, 1]; 1 keeps the value constant.</param>
    /// <param name="floorFraction">Lowest value as a fraction of the initial one, in [0, 1]; default 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (named in the message).</exception>
    public ExponentialPerPhaseSchedule(double decay, double floorFraction = 0)
    {
        if (!(decay > 0 && decay <= 1))
            throw new ArgumentOutOfRangeException(nameof(decay), decay, $"The decay per step is {decay}; it must lie in (0, 1].");
        if (!(floorFraction >= 0 && floorFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(floorFraction), floorFraction, $"The floor fraction is {floorFraction}; it must lie in [0, 1].");
        Decay = decay;
        FloorFraction = floorFraction;
    }

    /// <summary>Factor per step of the phase.</summary>
    public double Decay { get; }

    /// <summary>Lowest value as a fraction of the initial one.</summary>
    public double FloorFraction { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">The steps in the phase are negative.</exception>
    public override double At(double initial, SchedulePoint point)
    {
        if (point.StepsInPhase < 0)
            throw new ArgumentOutOfRangeException(nameof(point), point.StepsInPhase, $"The schedule point has {point.StepsInPhase} steps in its phase; they cannot be negative.");
        return initial * Math.Max(Math.Pow(Decay, point.StepsInPhase), FloorFraction);
    }

    /// <inheritdoc />
    public override string ToString() => FloorFraction > 0
        ? $"×{Decay.ToString(System.Globalization.CultureInfo.InvariantCulture)} per step of each phase, at least {Percent(FloorFraction)}"
        : $"×{Decay.ToString(System.Globalization.CultureInfo.InvariantCulture)} per step of each phase";
}
