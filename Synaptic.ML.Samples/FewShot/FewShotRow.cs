using System.Globalization;

namespace Synaptic.ML.Samples;

/// <summary>One line of the few-shot results table.</summary>
/// <param name="Data">The data set and split.</param>
/// <param name="Backbone">"SNN" or "ANN".</param>
/// <param name="Episodes">Training episodes.</param>
/// <param name="TrainingSeconds">Training time, validations included.</param>
/// <param name="Results">"N-way K-shot" → accuracy ± 95% CI, in %.</param>
public sealed record FewShotRow(string Data, string Backbone, int Episodes, double TrainingSeconds, IReadOnlyList<(string Task, double Mean, double Interval)> Results)
{
    /// <summary>A Markdown table of <paramref name="rows"/>, one column per task.</summary>
    /// <param name="rows">The rows.</param>
    /// <returns>The table.</returns>
    public static string Table(IReadOnlyList<FewShotRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var tasks = rows.SelectMany(r => r.Results.Select(t => t.Task)).Distinct().ToArray();
        var lines = new List<string>
        {
            "| data (held-out classes) | backbone | training episodes | training s | " + string.Join(" | ", tasks) + " |",
            "|---|---|---:|---:|" + string.Concat(tasks.Select(_ => "---:|")),
        };
        foreach (var row in rows)
        {
            var cells = tasks.Select(t => row.Results.FirstOrDefault(r => r.Task == t) is var r && r.Task is not null
                ? string.Create(CultureInfo.InvariantCulture, $"{r.Mean:F2} ± {r.Interval:F2}")
                : "—");
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Data} | {row.Backbone} | {row.Episodes:N0} | {row.TrainingSeconds:F0} | {string.Join(" | ", cells)} |"));
        }
        return string.Join(Environment.NewLine, lines);
    }
}
