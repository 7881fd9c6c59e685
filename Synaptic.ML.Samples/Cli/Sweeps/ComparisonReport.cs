using System.Globalization;
using System.Text;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// A comparison's results in <c>compare/{name}/</c>: <c>comparison.md</c> (the table, best first, with the plots),
/// <c>comparison.csv</c>, <c>comparison.png</c> (learning curves: mean over seeds with 95% CI bands) and
/// <c>scores.png</c> (final scores: mean and 95% CI per configuration).
/// </summary>
public static class ComparisonReport
{
    /// <summary>Writes the files.</summary>
    /// <param name="directory">The comparison's folder.</param>
    /// <param name="name">The comparison's name.</param>
    /// <param name="ranked">The groups, best first.</param>
    /// <param name="metric">The learning curves' metric, or null to choose (<see cref="LearningCurves.DefaultMetric"/>).</param>
    /// <param name="notes">Lines to add (runs left out, the command line).</param>
    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> Write(string directory, string name, IReadOnlyList<RunGroup> ranked, string? metric, IReadOnlyList<string> notes)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(notes);
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        var csv = Path.Combine(directory, "comparison.csv");
        ScoreTable.WriteCsv(csv, ranked);
        files.Add(csv);

        var curveMetric = metric ?? LearningCurves.DefaultMetric(ranked);
        var curves = Path.Combine(directory, "comparison.png");
        if (curveMetric is not null)
        {
            LearningCurves.Save(curves, ranked, curveMetric, $"{name}: {curveMetric}");
            files.Add(curves);
        }
        var scores = Path.Combine(directory, "scores.png");
        ScoreChart.Save(scores, ranked, $"{name}: final evaluation");
        files.Add(scores);

        var runs = ranked.Sum(g => g.Runs.Count);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Comparison {name}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{ranked.Count} configurations, {runs} runs. Runs are grouped by configuration (algorithm, environment and every option but the seed). A run's score is the mean of its evaluation.json (its final model's evaluation unless `synaptic eval` rewrote it); each row gives the mean over seeds ± the 95% confidence interval (Student's t, n − 1 degrees of freedom), best first.");
        text.AppendLine();
        text.Append(ScoreTable.Markdown(ranked, "#"));
        text.AppendLine();
        text.AppendLine(curveMetric is null
            ? "No learning curves: not every run has a metrics.csv with a metric in common."
            : $"![learning curves: {curveMetric}, mean over seeds with 95% CI](comparison.png)");
        text.AppendLine();
        text.AppendLine("![final scores, mean over seeds with 95% CI](scores.png)");
        text.AppendLine();
        text.AppendLine("| # | runs |");
        text.AppendLine("|---:|---|");
        foreach (var g in ranked)
            text.AppendLine(CultureInfo.InvariantCulture, $"| {g.Id} | {string.Join(", ", g.Runs.Select(r => r.Folder.Root))} |");
        foreach (var note in notes)
        {
            text.AppendLine();
            text.AppendLine(note);
        }
        var markdown = Path.Combine(directory, "comparison.md");
        File.WriteAllText(markdown, text.ToString());
        files.Insert(0, markdown);
        return files;
    }
}
