namespace Synaptic.ML.Trainers;

/// <summary>What a row of <see cref="TrainingHistory"/> records.</summary>
public enum MetricRowKind
{
    /// <summary>One iteration of the trainer: an update of an on-policy trainer, an episode of an episodic one.</summary>
    Iteration,

    /// <summary>A training episode that finished in the environment (environment trainers).</summary>
    Episode,
}

/// <summary>One row of a <see cref="TrainingHistory"/>: the metrics recorded together at one step.</summary>
/// <param name="Kind">What the row records.</param>
/// <param name="Step">
/// The trainer's x-axis when the row was recorded: environment steps for environment trainers, episodes for
/// episodic trainers.
/// </param>
/// <param name="Values">The metrics, by key (<see cref="MetricKeys"/> and the trainer's own).</param>
public sealed record MetricRow(MetricRowKind Kind, long Step, IReadOnlyDictionary<string, double> Values)
{
    /// <summary>The value of <paramref name="key"/>, or NaN when the row does not record it.</summary>
    /// <param name="key">The metric key.</param>
    /// <returns>The value or NaN.</returns>
    public double this[string key] => Values.TryGetValue(key, out var value) ? value : double.NaN;
}
