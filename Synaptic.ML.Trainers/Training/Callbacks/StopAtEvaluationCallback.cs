namespace Synaptic.ML.Trainers;

/// <summary>Stops training once an evaluation reaches a target (a mean return, an accuracy).</summary>
internal sealed class StopAtEvaluationCallback(double target) : TrainingCallback
{
    public override void OnIteration(TrainingRun run)
    {
        if (run.EvaluatedThisIteration && run.LastEvaluation >= target)
            run.RequestStop($"{run.TrainerName}: evaluation {run.LastEvaluation:F1} reached the target {target} after {run.Steps:N0} {run.StepUnit}.");
    }
}
