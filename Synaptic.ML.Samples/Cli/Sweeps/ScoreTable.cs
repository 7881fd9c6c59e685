using System.Globalization;
using System.Text;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// Ranked run groups as a table: Markdown for people (per-seed scores, mean ± 95% CI, best first) and CSV for
/// programs (one row per group, a column per setting, numbers written to round-trip).
/// </summary>
public static class ScoreTable
{
    /// <summary>The table in Markdown.</summary>
    /// <param name="ranked">The groups, best first.</param>
    /// <param name="idHeader">The id column's header (<c>config</c>, <c>#</c>).</param>
    /// <returns>The table's lines.</returns>
    public static string Markdown(IReadOnlyList<RunGroup> ranked, string idHeader)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        var metric = ranked.Select(g => g.Metric).Distinct().Count() == 1 && ranked.Count > 0 ? ranked[0].Metric : "score";
        var success = ranked.Any(g => g.SuccessRate is not null);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| rank | {idHeader} | configuration | seeds | score per seed | mean {metric} ± 95% CI | sd |{(success ? " success |" : "")}");
        text.AppendLine($"|---:|---:|---|---|---|---:|---:|{(success ? "---:|" : "")}");
        for (var i = 0; i < ranked.Count; i++)
        {
            var g = ranked[i];
            var scores = string.Join(", ", g.Scores.Select(s => s.ToString("G5", CultureInfo.InvariantCulture)));
            var mean = g.Runs.Count == 0 ? "no finished run" : string.Create(CultureInfo.InvariantCulture, $"{g.Mean:F2} ± {g.ConfidenceHalfWidth:F2}");
            var rate = success ? (g.SuccessRate is double r ? string.Create(CultureInfo.InvariantCulture, $" {r * 100:F0}% |") : " – |") : "";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {i + 1} | {g.Id} | {Cell(g.Label)} | {string.Join(", ", g.Seeds)} | {scores} | {mean} | {g.StandardDeviation:F2} |{rate}");
        }
        return text.ToString();
    }

    /// <summary>Writes the table as CSV: rank, id, label, a column per setting, algorithm, environment, preset, budget, runs, seeds, scores, mean, ci95, sd, success_rate.</summary>
    /// <param name="path">The file.</param>
    /// <param name="ranked">The groups, best first.</param>
    public static void WriteCsv(string path, IReadOnlyList<RunGroup> ranked)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        var keys = ranked.SelectMany(g => g.Settings.Select(s => s.Key)).Distinct(StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        text.AppendLine(string.Join(",", new[] { "rank", "id", "configuration" }.Concat(keys)
            .Concat(["algorithm", "environment", "preset", "budget", "runs", "seeds", "scores", "mean", "ci95", "sd", "success_rate"]).Select(Csv)));
        for (var i = 0; i < ranked.Count; i++)
        {
            var g = ranked[i];
            var config = g.Runs.Count > 0 ? g.Runs[0].Config : null;
            var settings = keys.Select(k => g.Settings.LastOrDefault(s => s.Key == k).Value ?? "");
            string[] row =
            [
                (i + 1).ToString(CultureInfo.InvariantCulture), g.Id, g.Label, .. settings,
                config?.Algorithm ?? "", config?.Environment ?? "", config?.Preset ?? "", config?.Budget?.ToString(CultureInfo.InvariantCulture) ?? "",
                g.Runs.Count.ToString(CultureInfo.InvariantCulture),
                string.Join(";", g.Seeds.Select(s => s.ToString(CultureInfo.InvariantCulture))),
                string.Join(";", g.Scores.Select(Number)),
                Number(g.Mean), Number(g.ConfidenceHalfWidth), Number(g.StandardDeviation), g.SuccessRate is double r ? Number(r) : "",
            ];
            text.AppendLine(string.Join(",", row.Select(Csv)));
        }
        File.WriteAllText(path, text.ToString());
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    // RFC 4180: quote a field with a comma, quote or line break, doubling its quotes.
    private static string Csv(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
