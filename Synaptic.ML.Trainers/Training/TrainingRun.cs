using Microsoft.ML.Runtime;

namespace Synaptic.ML.Trainers;

/// <summary>
/// One call of a trainer's <c>Fit</c> as its callbacks see it: the iteration and step counts, the clock, the
/// history, the metrics of the current iteration, the last evaluation, and a way to stop.
/// </summary>
public sealed class TrainingRun
{
    private readonly Dictionary<string, double> _pending = new(StringComparer.Ordinal);

    internal TrainingRun(string trainerName, IChannel channel, int seed, long totalSteps, string stepUnit, TrainingHistory history, CancellationToken cancellation)
    {
        TrainerName = trainerName;
        Channel = channel;
        Seed = seed;
        TotalSteps = totalSteps;
        StepUnit = stepUnit;
        History = history;
        Cancellation = cancellation;
    }

    /// <summary>The trainer's name, for messages.</summary>
    public string TrainerName { get; }

    /// <summary>The seed of the run.</summary>
    public int Seed { get; }

    /// <summary>Iterations finished (updates, training episodes).</summary>
    public int Iteration { get; internal set; }

    /// <summary>Steps of the budget used (environment steps, episodes).</summary>
    public long Steps { get; internal set; }

    /// <summary>The budget.</summary>
    public long TotalSteps { get; }

    /// <summary>What a step is, for messages ("environment steps", "episodes").</summary>
    public string StepUnit { get; }

    /// <summary>Whether this iteration is the last of the budget.</summary>
    public bool IsLastIteration { get; internal set; }

    /// <summary>The training clock (paused while callbacks run).</summary>
    public TrainingClock Clock { get; } = new();

    /// <summary>Everything recorded so far.</summary>
    public TrainingHistory History { get; }

    /// <summary>The metrics recorded in the current iteration (written to <see cref="History"/> when the iteration ends).</summary>
    public IReadOnlyDictionary<string, double> Current => _pending;

    /// <summary>The last evaluation's result (mean return, accuracy), if one ran.</summary>
    public double? LastEvaluation { get; internal set; }

    /// <summary>Whether an evaluation ran in the current iteration.</summary>
    public bool EvaluatedThisIteration { get; internal set; }

    /// <summary>Whether the run continues from a checkpoint.</summary>
    public bool IsResumed { get; internal set; }

    /// <summary>Whether a callback asked training to stop after this iteration.</summary>
    public bool StopRequested { get; private set; }

    internal IChannel Channel { get; }

    internal CancellationToken Cancellation { get; }

    /// <summary>Records a metric of the current iteration.</summary>
    /// <param name="key">The metric key (<see cref="MetricKeys"/> or the trainer's own, "group/name").</param>
    /// <param name="value">The value; NaN means "not measured" and is not recorded.</param>
    public void Record(string key, double value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (!double.IsNaN(value))
            _pending[key] = value;
    }

    /// <summary>Asks training to stop once the current iteration ends.</summary>
    /// <param name="reason">Why, for the log.</param>
    public void RequestStop(string reason)
    {
        StopRequested = true;
        Log(reason);
    }

    /// <summary>Writes an informational line to the trainer's ML.NET log channel.</summary>
    /// <param name="message">The line.</param>
    public void Log(string message) => Channel.Info(MessageSensitivity.None, message);

    internal void ThrowIfCancelled() => Cancellation.ThrowIfCancellationRequested();

    internal void CommitIteration()
    {
        History.Add(new MetricRow(MetricRowKind.Iteration, Steps, new Dictionary<string, double>(_pending, StringComparer.Ordinal)));
        _pending.Clear();
    }

    internal void Restore(BinaryReader reader)
    {
        Iteration = reader.ReadInt32();
        Steps = reader.ReadInt64();
        Clock.Restore(reader.ReadDouble());
        var evaluated = reader.ReadBoolean();
        var evaluation = reader.ReadDouble();
        LastEvaluation = evaluated ? evaluation : null;
    }

    internal void Write(BinaryWriter writer)
    {
        writer.Write(Iteration);
        writer.Write(Steps);
        writer.Write(Clock.Seconds);
        writer.Write(LastEvaluation.HasValue);
        writer.Write(LastEvaluation ?? 0);
    }
}
