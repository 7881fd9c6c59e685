namespace Synaptic.ML.Trainers;

/// <summary>
/// Reports <see cref="TrainingProgress"/> after every iteration and logs a summary line every tenth of the
/// budget. The headline metric (episode return, query accuracy) is averaged over its last 100 values.
/// </summary>
internal sealed class ProgressCallback(IProgress<TrainingProgress>? progress, string headlineKey, MetricRowKind headlineRows) : TrainingCallback
{
    private const int Window = 100;
    private readonly Queue<double> _recent = new();
    private int _count;
    private int _rowsSeen;
    private double _nextLog = 0.1;

    public override void OnTrainingStart(TrainingRun run) => Catch(run);

    public override void OnIterationRecorded(TrainingRun run)
    {
        Catch(run);
        var mean = _recent.Count == 0 ? double.NaN : _recent.Average();
        progress?.Report(new TrainingProgress(run.Iteration, run.Steps, run.TotalSteps, _count, mean, run.LastEvaluation, run.Clock.Seconds, run.EvaluatedThisIteration));
        if ((double)run.Steps / run.TotalSteps >= _nextLog)
        {
            run.Log($"{run.TrainerName}: {run.Steps:N0}/{run.TotalSteps:N0} {run.StepUnit}, {_count} episodes, {headlineKey} (mean of last {Window}) {mean:F3}, {run.Clock.Seconds:F1} s.");
            while (_nextLog <= (double)run.Steps / run.TotalSteps)
                _nextLog += 0.1;
        }
    }

    // Reads the headline values of the rows written since the last call (also those a resumed run brought back).
    private void Catch(TrainingRun run)
    {
        var rows = run.History.Rows;
        for (; _rowsSeen < rows.Count; _rowsSeen++)
        {
            var row = rows[_rowsSeen];
            if (row.Kind != headlineRows || !row.Values.TryGetValue(headlineKey, out var value))
                continue;
            _count++;
            _recent.Enqueue(value);
            if (_recent.Count > Window)
                _recent.Dequeue();
        }
    }
}
