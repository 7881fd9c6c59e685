namespace Synaptic.ML.Trainers;

/// <summary>
/// How a coefficient (learning rate, PPO clip range, exploration rate) changes over training: a function of
/// the coefficient's initial value and a <see cref="SchedulePoint"/> (budget fraction, step, curriculum phase).
/// </summary>
/// <remarks>
/// Schedules are immutable and hold no training state, so one instance can serve many trainers and threads,
/// and a resumed run evaluates them exactly as an uninterrupted one. The ready-made ones are
/// <see cref="Constant"/>, <see cref="Linear"/>, <see cref="WarmupCosine"/> and <see cref="ExponentialPerPhase"/>;
/// derive from this class for others.
/// <example>
/// <code>
/// var options = new PpoTrainer.Options
/// {
///     LearningRate = 1e-3,
///     LearningRateSchedule = Schedule.WarmupCosine(warmupFraction: 0.1, floorFraction: 0.05),
///     ClipRangeSchedule = Schedule.Linear,
/// };
/// </code>
/// </example>
/// </remarks>
public abstract class Schedule
{
    /// <summary>The value stays as given.</summary>
    public static Schedule Constant { get; } = new ConstantSchedule();

    /// <summary>The value falls linearly from the given one to 0 at the end of the budget (Stable-Baselines3's <c>lin_</c> schedules).</summary>
    public static Schedule Linear { get; } = new LinearSchedule();

    /// <summary>Linear warm-up from 0, then a cosine decay to a floor; see <see cref="WarmupCosineSchedule"/>.</summary>
    /// <param name="warmupFraction">Fraction of the budget spent warming up, in [0, 1).</param>
    /// <param name="floorFraction">The final value as a fraction of the initial one, in [0, 1].</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (named in the message).</exception>
    public static Schedule WarmupCosine(double warmupFraction, double floorFraction) => new WarmupCosineSchedule(warmupFraction, floorFraction);

    /// <summary>Geometric decay per step of the current curriculum phase, restarting at each phase; see <see cref="ExponentialPerPhaseSchedule"/>.</summary>
    /// <param name="decay">Factor per step, in (0, 1].</param>
    /// <param name="floorFraction">Lowest value as a fraction of the initial one, in [0, 1]; default 0.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (named in the message).</exception>
    public static Schedule ExponentialPerPhase(double decay, double floorFraction = 0) => new ExponentialPerPhaseSchedule(decay, floorFraction);

    /// <summary>The value at a point of training.</summary>
    /// <param name="initial">The coefficient as configured (the value at the start).</param>
    /// <param name="point">Where training is.</param>
    /// <returns>The coefficient to use there.</returns>
    public abstract double At(double initial, SchedulePoint point);

    /// <summary>The value after <paramref name="progress"/> ∈ [0, 1] of the budget, at step 0 of phase 0.</summary>
    /// <param name="initial">The coefficient as configured.</param>
    /// <param name="progress">Fraction of the budget used.</param>
    /// <returns>The coefficient to use there.</returns>
    public double At(double initial, double progress) => At(initial, new SchedulePoint(progress));

    /// <summary>A short description for logs, such as "linear" or "warm-up 10% then cosine to 5%".</summary>
    /// <returns>The description.</returns>
    public abstract override string ToString();

    /// <summary>Formats a fraction as a percentage with at most two decimals, independent of the culture.</summary>
    private protected static string Percent(double fraction) =>
        (fraction * 100).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
