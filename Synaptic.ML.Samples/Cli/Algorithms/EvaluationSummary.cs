using System.Globalization;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// An evaluation as the tool reports it: the per-episode (or per-run) scores, their mean with a 95% confidence
/// interval (Student's t), and the success rate where a threshold defines success.
/// </summary>
/// <param name="Metric">What a score is (<c>return</c>, <c>accuracy</c>).</param>
/// <param name="Scores">One score per episode (per test episode, or one for a whole test set).</param>
/// <param name="SuccessRate">The fraction of episodes counted a success, or null where no threshold applies.</param>
/// <param name="Extra">Further named figures of the same evaluation (a classifier's AUC and log-loss, a few-shot task's N and K), or null.</param>
public sealed record EvaluationSummary(string Metric, IReadOnlyList<double> Scores, double? SuccessRate, IReadOnlyDictionary<string, double>? Extra = null)
{
    /// <summary>The mean score.</summary>
    public double Mean => Scores.Count == 0 ? double.NaN : Scores.Average();

    /// <summary>The sample standard deviation (0 for one score).</summary>
    public double StandardDeviation => Statistics.StandardDeviation(Scores);

    /// <summary>Half the width of the 95% confidence interval of the mean (0 for one score).</summary>
    public double ConfidenceHalfWidth => Statistics.ConfidenceHalfWidth(Scores);

    /// <inheritdoc />
    public override string ToString()
    {
        var success = SuccessRate is double s ? string.Create(CultureInfo.InvariantCulture, $", success {s * 100:F1}%") : "";
        var extra = Extra is { Count: > 0 } ? string.Concat(Extra.Select(e => $", {e.Key} {Figure(e.Value)}")) : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Metric} {Mean:F3} ± {ConfidenceHalfWidth:F3} (95% CI, {Scores.Count} {(Scores.Count == 1 ? "score" : "scores")}, sd {StandardDeviation:F3}){success}{extra}");
    }

    // Counts (rows, N, K) as whole numbers, the rest to four significant digits.
    private static string Figure(double value) => value.ToString(double.IsInteger(value) ? "0" : "G4", CultureInfo.InvariantCulture);
}
