namespace Synaptic.ML.Trainers;

/// <summary>The statistics of one policy update.</summary>
/// <param name="Update">Index of the update, from 1.</param>
/// <param name="EnvironmentSteps">Environment steps taken so far.</param>
/// <param name="WallSeconds">Training time so far, in seconds.</param>
/// <param name="PolicyLoss">Mean policy (surrogate) loss.</param>
/// <param name="ValueLoss">Mean value loss (NaN without a critic).</param>
/// <param name="Entropy">Mean entropy of the action distribution.</param>
/// <param name="ApproximateKl">Mean approximate KL divergence between the old and new policy (PPO; NaN otherwise).</param>
/// <param name="ClipFraction">Fraction of samples whose ratio was clipped (PPO; NaN otherwise).</param>
/// <param name="LearningRate">The learning rate used.</param>
/// <param name="EvaluationReturn">Mean return of the deterministic evaluation after this update, when one ran.</param>
public sealed record UpdateRecord(
    int Update,
    long EnvironmentSteps,
    double WallSeconds,
    double PolicyLoss,
    double ValueLoss,
    double Entropy,
    double ApproximateKl,
    double ClipFraction,
    double LearningRate,
    double? EvaluationReturn);
