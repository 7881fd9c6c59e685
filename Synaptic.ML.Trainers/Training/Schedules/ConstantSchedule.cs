namespace Synaptic.ML.Trainers;

/// <summary>The value stays as given. Use <see cref="Schedule.Constant"/>.</summary>
public sealed class ConstantSchedule : Schedule
{
    internal ConstantSchedule()
    {
    }

    /// <inheritdoc />
    public override double At(double initial, SchedulePoint point) => initial;

    /// <inheritdoc />
    public override string ToString() => "constant";
}
