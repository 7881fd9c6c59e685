using System.Globalization;
using System.Text;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples;

/// <summary>What one <see cref="SolveRun"/> achieved, and the Markdown table of all of them.</summary>
/// <param name="Run">The run.</param>
/// <param name="StepsToGoal">Environment steps at the first training evaluation whose mean return reached the goal, or null if none did.</param>
/// <param name="StepsTrained">Environment steps taken when training stopped.</param>
/// <param name="TrainingSeconds">Training time from the history (rollouts and updates; evaluations excluded).</param>
/// <param name="TotalSeconds">The whole <c>Fit</c>, evaluations during training included.</param>
/// <param name="FinalEvaluation">The independent final evaluation.</param>
public sealed record SolveResult(SolveRun Run, long? StepsToGoal, long StepsTrained, double TrainingSeconds, double TotalSeconds, PolicyEvaluation FinalEvaluation)
{
    /// <summary>Whether the final evaluation's mean return reached the goal.</summary>
    public bool Solved => FinalEvaluation.MeanReturn >= Run.Goal;

    /// <summary>The results as a Markdown table, with a note on what the columns mean.</summary>
    /// <param name="results">The results, one row each.</param>
    /// <returns>The table.</returns>
    public static string ToMarkdown(IEnumerable<SolveResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder();
        text.AppendLine("| Algorithm | Policy | Environment | Seed | Budget | Env steps to solve (training eval) | Training s | Total s | Final eval (mean ± std) | Solved |");
        text.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|:---:|");
        foreach (var r in results)
        {
            var steps = r.StepsToGoal is long s ? s.ToString("N0", CultureInfo.InvariantCulture) : $"not in {r.StepsTrained:N0}";
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Run.Algorithm} | {r.Run.Policy} | {r.Run.EnvironmentId} | {r.Run.Seed} | {r.Run.Budget:N0} | {steps} | {r.TrainingSeconds:F1} | {r.TotalSeconds:F1} | {r.FinalEvaluation.MeanReturn:F1} ± {r.FinalEvaluation.StdReturn:F1} | {(r.Solved ? "yes" : "no")} |"));
        }
        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Env steps to solve: steps at the first deterministic training evaluation whose mean return reached the goal (CartPole-v1 {SolveSettings.CartPoleGoal}, 100 episodes; Pendulum-v1 {PendulumPpoSettings.Goal}, {PendulumPpoSettings.EvaluationEpisodes} episodes). " +
            $"Training s: the training history's wall seconds (rollouts and updates, evaluations excluded). Total s: the whole Fit, evaluations included. " +
            $"Final eval: {SolveSettings.FinalEvaluationEpisodes} deterministic episodes from seed {SolveSettings.FinalEvaluationSeed}; solved when its mean reaches the goal."));
        return text.ToString();
    }
}
