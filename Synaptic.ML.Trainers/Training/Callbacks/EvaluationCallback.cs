namespace Synaptic.ML.Trainers;

/// <summary>
/// Evaluates the model every <c>interval</c> iterations (and after the last one, if asked), records the result
/// under the trainer's evaluation key, and makes it the run's <see cref="TrainingRun.LastEvaluation"/>.
/// </summary>
internal sealed class EvaluationCallback(ITrainingSubject subject, int interval, bool atEnd) : TrainingCallback
{
    public override void OnIteration(TrainingRun run)
    {
        run.EvaluatedThisIteration = false;
        if (!(run.Iteration % interval == 0 || (atEnd && run.IsLastIteration)))
            return;
        var (score, description) = subject.Evaluate(run);
        run.Record(subject.EvaluationKey, score);
        run.LastEvaluation = score;
        run.EvaluatedThisIteration = true;
        run.Log($"{run.TrainerName}: iteration {run.Iteration}, {run.Steps:N0} {run.StepUnit}, evaluation {description}.");
    }
}
