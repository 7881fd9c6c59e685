namespace Synaptic.ML.Trainers;

/// <summary>Writes a resumable checkpoint every <c>interval</c> iterations (see <see cref="TrainingCheckpoint"/>).</summary>
internal sealed class CheckpointCallback(string directory, int interval, Action<TrainingRun, string> save) : TrainingCallback
{
    public override void OnIterationRecorded(TrainingRun run)
    {
        if (run.Iteration % interval == 0)
            save(run, Path.Combine(directory, TrainingCheckpoint.FileName(run.Iteration)));
    }
}
