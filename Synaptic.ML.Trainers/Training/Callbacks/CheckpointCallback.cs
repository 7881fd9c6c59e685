namespace Synaptic.ML.Trainers;

/// <summary>Writes a resumable checkpoint every <c>interval</c> iterations (see <see cref="TrainingCheckpoint"/>).</summary>
internal sealed class CheckpointCallback(string directory, int interval, Action<TrainingRun, string> save) : TrainingCallback
{
    public override void OnIterationRecorded(TrainingRun run)
    {
        // A run asked to stop (Ctrl+C in the command-line tool, a target reached) also leaves a checkpoint of where it
        // stopped, so that it can be resumed from there.
        if (run.Iteration % interval == 0 || run.StopRequested)
            save(run, Path.Combine(directory, TrainingCheckpoint.FileName(run.Iteration)));
    }
}
