namespace Synaptic.ML.Trainers;

/// <summary>
/// Linear warm-up from 0 to the initial value over the first <see cref="WarmupFraction"/> of the budget, then
/// a half cosine from the initial value down to <see cref="FloorFraction"/>·initial at the end of the budget
/// (Loshchilov and Hutter, 2017, SGDR, without restarts; with the warm-up of Goyal et al., 2017).
/// </summary>
/// <remarks>
/// With w = <see cref="WarmupFraction"/>, f = <see cref="FloorFraction"/> and p the progress clamped to [0, 1]:
/// value = initial·p/w for p &lt; w, else initial·(f + (1 − f)·(1 + cos(π·(p − w)/(1 − w)))/2).
/// </remarks>
public sealed class WarmupCosineSchedule : Schedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="warmupFraction">Fraction of the budget spent warming up, in [0, 1); 0 for none.</param>
    /// <param name="floorFraction">The value at the end of the budget as a fraction of the initial one, in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (named in the message).</exception>
    public WarmupCosineSchedule(double warmupFraction, double floorFraction)
    {
        // A warm-up over the whole budget would leave no room for the decay (and divide by 1 − w = 0).
        if (!(warmupFraction >= 0 && warmupFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(warmupFraction), warmupFraction, $"The warm-up fraction is {warmupFraction}; it must lie in [0, 1).");
        if (!(floorFraction >= 0 && floorFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(floorFraction), floorFraction, $"The floor fraction is {floorFraction}; it must lie in [0, 1].");
        WarmupFraction = warmupFraction;
        FloorFraction = floorFraction;
    }

    /// <summary>Fraction of the budget spent warming up.</summary>
    public double WarmupFraction { get; }

    /// <summary>The value at the end of the budget as a fraction of the initial one.</summary>
    public double FloorFraction { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">The progress is NaN.</exception>
    public override double At(double initial, SchedulePoint point)
    {
        if (double.IsNaN(point.Progress))
            throw new ArgumentOutOfRangeException(nameof(point), point.Progress, "The schedule point's progress is NaN.");
        var p = Math.Clamp(point.Progress, 0.0, 1.0);
        if (p < WarmupFraction)
            return initial * p / WarmupFraction;
        var t = (p - WarmupFraction) / (1 - WarmupFraction);
        return initial * (FloorFraction + (1 - FloorFraction) * (1 + Math.Cos(Math.PI * t)) / 2);
    }

    /// <inheritdoc />
    public override string ToString() => WarmupFraction > 0
        ? $"warm-up {Percent(WarmupFraction)} then cosine to {Percent(FloorFraction)}"
        : $"cosine to {Percent(FloorFraction)}";
}
