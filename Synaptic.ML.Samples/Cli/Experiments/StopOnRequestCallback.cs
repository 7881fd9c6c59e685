using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// Ends a run at the end of the iteration in which a stop was asked for (Ctrl+C), so that the trainer returns its
/// model and writes a checkpoint of where it stopped; and keeps the iteration's metrics for the live display.
/// </summary>
/// <param name="stop">Signalled to stop.</param>
public sealed class StopOnRequestCallback(CancellationToken stop) : TrainingCallback
{
    /// <summary>Whether the run was stopped by the request.</summary>
    public bool Stopped { get; private set; }

    /// <summary>The last iteration's metrics (key → value), for display.</summary>
    public IReadOnlyDictionary<string, double> Latest { get; private set; } = new Dictionary<string, double>();

    /// <inheritdoc />
    public override void OnIteration(TrainingRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (stop.IsCancellationRequested && !run.StopRequested)
        {
            run.RequestStop("interrupted");
            Stopped = true;
        }
    }

    /// <inheritdoc />
    public override void OnIterationRecorded(TrainingRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var last = run.History.Rows.LastOrDefault(r => r.Kind == MetricRowKind.Iteration);
        if (last is not null)
            Latest = last.Values;
    }
}
