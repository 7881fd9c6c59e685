using System.Globalization;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Progress reported after every iteration (an update, a training episode) through a trainer's <c>Progress</c>
/// option, the same type for every trainer.
/// </summary>
/// <param name="Iteration">Iterations done: updates of a reinforcement-learning trainer, episodes of an episodic one.</param>
/// <param name="Steps">Steps of the budget used: environment steps, or episodes.</param>
/// <param name="TotalSteps">The budget.</param>
/// <param name="Episodes">Episodes finished (training episodes in the environment, or episodic-training episodes).</param>
/// <param name="RecentMean">
/// Mean of the trainer's headline metric over its last (up to) 100 values — the episode return for
/// reinforcement learning, the query accuracy for episodic training — or NaN before the first.
/// </param>
/// <param name="LastEvaluation">The last evaluation's (or validation's) result, if any ran.</param>
/// <param name="WallSeconds">Training time so far (evaluations excluded).</param>
/// <param name="Evaluated">Whether an evaluation ran in this iteration (its result is <paramref name="LastEvaluation"/>).</param>
public sealed record TrainingProgress(
    int Iteration,
    long Steps,
    long TotalSteps,
    int Episodes,
    double RecentMean,
    double? LastEvaluation,
    double WallSeconds,
    bool Evaluated)
{
    /// <summary>Updates made (reinforcement learning; the same as <see cref="Iteration"/>).</summary>
    public int Update => Iteration;

    /// <summary>Environment steps taken (reinforcement learning; the same as <see cref="Steps"/>).</summary>
    public long EnvironmentSteps => Steps;

    /// <summary>The step budget (reinforcement learning; the same as <see cref="TotalSteps"/>).</summary>
    public long TotalEnvironmentSteps => TotalSteps;

    /// <summary>Mean return of the last (up to) 100 finished episodes (reinforcement learning; the same as <see cref="RecentMean"/>).</summary>
    public double MeanReturn => RecentMean;

    /// <summary>The last evaluation's mean return (reinforcement learning; the same as <see cref="LastEvaluation"/>).</summary>
    public double? LastEvaluationReturn => LastEvaluation;

    /// <summary>Fraction of the budget used, in [0, 1].</summary>
    public double Fraction => TotalSteps == 0 ? 1 : Math.Min(1.0, (double)Steps / TotalSteps);

    /// <summary>
    /// One readable line, e.g. "iteration 12: 3,072/50,000 steps (6%), 40 episodes, recent mean 23.50, last evaluation 500.00, 1.2 s"
    /// (invariant culture; "—" where there is no value yet).
    /// </summary>
    /// <returns>The line.</returns>
    public override string ToString()
    {
        var mean = double.IsNaN(RecentMean) ? "—" : RecentMean.ToString("F2", CultureInfo.InvariantCulture);
        var evaluation = LastEvaluation is double e ? e.ToString("F2", CultureInfo.InvariantCulture) : "—";
        return string.Create(CultureInfo.InvariantCulture,
            $"iteration {Iteration}: {Steps:N0}/{TotalSteps:N0} steps ({Fraction * 100:F0}%), {Episodes:N0} episodes, recent mean {mean}, " +
            $"last evaluation {evaluation}{(Evaluated ? " (this iteration)" : "")}, {WallSeconds:F1} s");
    }
}
