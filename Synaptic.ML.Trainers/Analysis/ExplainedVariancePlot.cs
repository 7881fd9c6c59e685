using ScottPlot;
using Synaptic.ML.Plotting;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The share of variance along each principal component as bars, with the cumulative share as a line, on one 0–1
/// axis; the title carries the participation ratio.
/// </summary>
internal static class ExplainedVariancePlot
{
    /// <summary>Writes the plot of <paramref name="pca"/> to a PNG file.</summary>
    /// <param name="path">The PNG file.</param>
    /// <param name="pca">The fitted components.</param>
    /// <param name="what">What was analysed, for the title ("Hidden state h").</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    internal static void SavePng(string path, PrincipalComponents pca, string what, int width, int height)
    {
        PlotExport.ValidateTarget(path, width, height);
        double[] positions = Enumerable.Range(1, pca.Components).Select(i => (double)i).ToArray();
        using Plot plot = new();
        var bars = plot.Add.Bars(positions, pca.ExplainedVarianceRatio);
        bars.Color = plot.Add.Palette.GetColor(0);
        bars.LegendText = "per component";
        var cumulative = plot.Add.Scatter(positions, pca.CumulativeRatio.ToArray());
        cumulative.Color = plot.Add.Palette.GetColor(1);
        cumulative.LineWidth = 2;
        cumulative.MarkerSize = 6;
        cumulative.LegendText = "cumulative";
        plot.Axes.SetLimits(0.4, pca.Components + 0.6, 0, 1.05);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        string title = $"{what}: participation ratio {pca.ParticipationRatio:F2} of D = {pca.Dimension}";
        PlotExport.SaveLabelledPng(plot, path, width, height, title, "Principal component", "Explained variance ratio", legend: true);
    }
}
