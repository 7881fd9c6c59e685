using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// A sweep's results: <c>summary.md</c> (what was swept, the table of configurations best first with per-seed scores
/// and mean ± 95% CI, runs that did not finish), <c>summary.csv</c>, and <c>best.json</c> — the best configuration as
/// a file for <c>synaptic train --config best.json</c>.
/// </summary>
public static class SweepSummary
{
    /// <summary>Writes the files.</summary>
    /// <param name="folder">The sweep's folder.</param>
    /// <param name="plan">Its plan.</param>
    /// <param name="ranked">One group per configuration, best first.</param>
    /// <param name="unfinished">The runs that did not finish.</param>
    /// <returns>The best group, or null when no run finished.</returns>
    public static RunGroup? Write(SweepFolder folder, SweepPlan plan, IReadOnlyList<RunGroup> ranked, IReadOnlyList<RunOutcome> unfinished)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(unfinished);
        var best = ranked.FirstOrDefault(g => g.Runs.Count > 0);
        ScoreTable.WriteCsv(folder.SummaryCsv, ranked);
        if (best is not null)
            File.WriteAllText(folder.Best, BestJson(best));
        else if (File.Exists(folder.Best))
            File.Delete(folder.Best);

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Sweep {plan.Name}");
        text.AppendLine();
        var shared = plan.Settings.Count == 0 ? "" : $", settings {string.Join(", ", plan.Settings)}";
        var budget = plan.Budget is long b ? string.Create(CultureInfo.InvariantCulture, $", budget {b:N0}") : "";
        var file = plan.ConfigFile is null ? "" : $", config {plan.ConfigFile}";
        text.AppendLine(CultureInfo.InvariantCulture, $"{plan.Algorithm} on {plan.Environment}, preset {plan.Preset ?? "none"}{file}{budget}{shared}.");
        var space = plan.Space.Count == 0 ? "no option varied" : string.Join("; ", plan.Space);
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Search: {plan.Search} over {space}: {plan.Configurations.Count} configurations × {plan.Seeds.Count} seeds ({string.Join(", ", plan.Seeds)}) = {plan.Configurations.Count * plan.Seeds.Count} runs in runs/.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"A run's score is its final model's evaluation (the mean over {plan.EvaluationEpisodes} episodes in its evaluation.json); each row gives the mean over seeds ± the 95% confidence interval (Student's t, n − 1 degrees of freedom), best first.");
        text.AppendLine();
        text.Append(ScoreTable.Markdown(ranked, "config"));
        text.AppendLine();
        if (best is null)
        {
            text.AppendLine("No run finished, so there is no best configuration.");
        }
        else
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"Best: configuration {best.Id} ({best.Label}), {best.Mean:F2} ± {best.ConfidenceHalfWidth:F2} over {best.Runs.Count} seeds. best.json holds it: `synaptic train --config best.json --seed 1`.");
        }
        if (unfinished.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Runs that did not finish");
            text.AppendLine();
            foreach (var outcome in unfinished)
                text.AppendLine(CultureInfo.InvariantCulture, $"- {outcome}");
            text.AppendLine();
            text.AppendLine("The same command with the same --name keeps the finished runs and continues the others.");
        }
        if (plan.CommandLine.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Command: `{string.Join(" ", plan.CommandLine)}`");
        }
        File.WriteAllText(folder.Summary, text.ToString());
        return best;
    }

    // The settings of the best configuration's runs as train's --config file reads them (RunSettingsFile): the
    // algorithm, environment, preset and budget, and the settings on top of the preset (config file, --set, the
    // configuration's own). Its seed is left to the command line.
    private static string BestJson(RunGroup best)
    {
        var config = best.Runs[0].Config;
        var options = new JsonObject();
        foreach (var (key, value) in config.Settings)
            options[key] = value;
        var json = new JsonObject
        {
            ["algorithm"] = config.Algorithm,
            ["environment"] = config.Environment,
            ["preset"] = config.Preset,
            ["budget"] = config.Budget,
            ["options"] = options,
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }
}
