namespace Synaptic.ML.Trainers;

/// <summary>Progress reported after every update through the trainer's <c>Progress</c> option.</summary>
/// <param name="Update">Updates made.</param>
/// <param name="EnvironmentSteps">Environment steps taken.</param>
/// <param name="TotalEnvironmentSteps">The step budget.</param>
/// <param name="Episodes">Episodes finished.</param>
/// <param name="MeanReturn">Mean return of the last (up to) 100 finished episodes, NaN before the first.</param>
/// <param name="LastEvaluationReturn">The last deterministic evaluation's mean return, if any ran.</param>
/// <param name="WallSeconds">Training time so far.</param>
/// <param name="Evaluated">Whether an evaluation ran after this update (its mean is <paramref name="LastEvaluationReturn"/>).</param>
public sealed record TrainingProgress(
    int Update,
    long EnvironmentSteps,
    long TotalEnvironmentSteps,
    int Episodes,
    double MeanReturn,
    double? LastEvaluationReturn,
    double WallSeconds,
    bool Evaluated)
{
    /// <summary>Fraction of the step budget used, in [0, 1].</summary>
    public double Fraction => TotalEnvironmentSteps == 0 ? 1 : Math.Min(1.0, (double)EnvironmentSteps / TotalEnvironmentSteps);
}
