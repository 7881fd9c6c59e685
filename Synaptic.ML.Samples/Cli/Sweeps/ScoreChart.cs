using System.Globalization;
using Synaptic.ML.Plotting;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// Final scores of ranked run groups as a chart: for each, its mean over seeds as a short level line over its 95%
/// confidence interval, side by side in rank order (drawn with <see cref="BandPlot"/>, one series per group).
/// </summary>
public static class ScoreChart
{
    /// <summary>Writes the chart.</summary>
    /// <param name="path">The PNG file.</param>
    /// <param name="ranked">The groups, best first.</param>
    /// <param name="title">The chart's title.</param>
    public static void Save(string path, IReadOnlyList<RunGroup> ranked, string title)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        var series = ranked.Where(g => g.Runs.Count > 0).Select((g, i) =>
        {
            double[] x = [i + 0.7, i + 1.3];
            double mean = g.Mean, ci = g.ConfidenceHalfWidth;
            var label = string.Create(CultureInfo.InvariantCulture, $"{i + 1}. {g.Label}: {mean:G4} ± {ci:G3}");
            return new BandSeries(label, x, [mean, mean], [mean - ci, mean - ci], [mean + ci, mean + ci]);
        }).ToList();
        var metric = ranked.Count > 0 ? ranked[0].Metric : "score";
        BandPlot.SavePng(path, series, title, "Rank", $"Final {metric}: mean over seeds, 95% CI");
    }
}
