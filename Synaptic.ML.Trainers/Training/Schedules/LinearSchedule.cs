namespace Synaptic.ML.Trainers;

/// <summary>
/// initial·max(0, 1 − progress): from the given value down to 0 at the end of the budget (Stable-Baselines3's
/// <c>lin_</c> schedules). Use <see cref="Schedule.Linear"/>.
/// </summary>
public sealed class LinearSchedule : Schedule
{
    internal LinearSchedule()
    {
    }

    /// <inheritdoc />
    // Exactly the arithmetic of the enum this class replaced, so trained models stay bit-identical.
    public override double At(double initial, SchedulePoint point) => initial * Math.Max(0.0, 1.0 - point.Progress);

    /// <inheritdoc />
    public override string ToString() => "linear";
}
