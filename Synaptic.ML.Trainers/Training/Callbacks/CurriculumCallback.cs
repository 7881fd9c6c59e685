namespace Synaptic.ML.Trainers;

/// <summary>
/// Moves a <see cref="Curriculum"/> along with training: after each iteration it reports the training episodes
/// that finished since the last one in the current phase (their <see cref="MetricKeys.EpisodeReturn"/>, in order of
/// completion),
/// logs each advance, and records <see cref="MetricKeys.CurriculumPhase"/> (and
/// <see cref="MetricKeys.CurriculumWindowMean"/> once the phase has a return) on the iteration. Its state is the
/// curriculum's, written into checkpoints.
/// </summary>
/// <remarks>
/// Episodes are reported at step <see cref="TrainingRun.Iteration"/> (the updates made so far, the unit of
/// <see cref="SchedulePoint.Step"/>), so the first update after an advance is step 0 of the new phase. A fresh
/// run starts the curriculum over; a resumed one continues from the checkpoint's state. An episode row tagged with
/// the phase it was played in (<see cref="MetricKeys.CurriculumPhase"/>, from <see cref="CurriculumEnv.EndedEpisodePhase"/>)
/// counts only for that phase: the episodes of the old phase that were still running at an advance, or finished
/// after the mastering one in the same iteration, do not enter the new phase's window. Untagged episodes all count.
/// </remarks>
internal sealed class CurriculumCallback(Curriculum curriculum) : TrainingCallback
{
    private int _rowsSeen;

    public override void OnTrainingStart(TrainingRun run)
    {
        if (!run.IsResumed)
            curriculum.Restart();
        // The rows a resumed run brought back were reported before its checkpoint was written.
        _rowsSeen = run.History.Rows.Count;
    }

    public override void OnIteration(TrainingRun run)
    {
        var rows = run.History.Rows;
        for (; _rowsSeen < rows.Count; _rowsSeen++)
        {
            var row = rows[_rowsSeen];
            if (row.Kind != MetricRowKind.Episode || !row.Values.TryGetValue(MetricKeys.EpisodeReturn, out var episodeReturn))
                continue;
            if (row.Values.TryGetValue(MetricKeys.CurriculumPhase, out var playedIn) && playedIn != curriculum.PhaseIndex)
                continue;
            var phase = curriculum.Current;
            var wasComplete = curriculum.IsComplete;
            if (curriculum.Report(episodeReturn, run.Iteration))
                run.Log($"{run.TrainerName}: curriculum phase '{phase.Name}' mastered ({phase.Mastery}) after {curriculum.Advances[^1].EpisodesInPhase} episodes, "
                    + $"at iteration {run.Iteration}, {row.Step:N0} {run.StepUnit}; each sub-environment moves to phase '{curriculum.Current.Name}' at its next reset.");
            else if (curriculum.IsComplete && !wasComplete)
                run.Log($"{run.TrainerName}: the last curriculum phase, '{phase.Name}', is mastered ({phase.Mastery}) at iteration {run.Iteration}, {row.Step:N0} {run.StepUnit}.");
        }
        run.Record(MetricKeys.CurriculumPhase, curriculum.PhaseIndex);
        if (curriculum.WindowMean is double mean)
            run.Record(MetricKeys.CurriculumWindowMean, mean);
    }

    public override void WriteState(BinaryWriter writer) => curriculum.Write(writer);

    public override void ReadState(BinaryReader reader) => curriculum.Read(reader);
}
