namespace Synaptic.ML.Trainers;

/// <summary>How a coefficient (learning rate, PPO clip range) changes over training.</summary>
public enum Schedule
{
    /// <summary>The value stays as given.</summary>
    Constant,

    /// <summary>The value falls linearly from the given one to 0 at the end of the step budget (Stable-Baselines3's <c>lin_</c> schedules).</summary>
    Linear,
}

/// <summary>Evaluates <see cref="Schedule"/>s.</summary>
internal static class ScheduleExtensions
{
    /// <summary>The value after <paramref name="progress"/> ∈ [0, 1] of the budget.</summary>
    public static double At(this Schedule schedule, double initial, double progress) => schedule switch
    {
        Schedule.Linear => initial * Math.Max(0.0, 1.0 - progress),
        _ => initial,
    };
}
