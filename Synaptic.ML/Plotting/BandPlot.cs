using ScottPlot;

namespace Synaptic.ML.Plotting;

/// <summary>
/// Line plots with shaded bands, such as learning curves over several seeds (mean, and the range or a
/// confidence interval): each series' band is drawn translucent in its line's colour.
/// </summary>
public static class BandPlot
{
    /// <summary>Writes the series, lines over their bands, to a PNG file, with a legend when there is more than one.</summary>
    /// <param name="path">The PNG file to write; its directory is created if missing.</param>
    /// <param name="series">At least one series.</param>
    /// <param name="title">An optional title drawn above the plot.</param>
    /// <param name="xLabel">An optional x-axis label.</param>
    /// <param name="yLabel">An optional y-axis label.</param>
    /// <param name="width">The image width in pixels.</param>
    /// <param name="height">The image height in pixels.</param>
    /// <exception cref="ArgumentNullException"><paramref name="series"/> or one of its elements is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> or <paramref name="series"/> is empty, or a series
    /// has unequal counts, a NaN or infinite value, or a lower edge above its upper edge.</exception>
    public static void SavePng(
        string path,
        IReadOnlyList<BandSeries> series,
        string? title = null,
        string? xLabel = null,
        string? yLabel = null,
        int width = 800,
        int height = 600)
    {
        PlotExport.ValidateTarget(path, width, height);
        PlotExport.ValidateSeries(series, "band", s => s.Validate());

        using Plot plot = new();
        for (int i = 0; i < series.Count; i++)
        {
            BandSeries s = series[i];
            Color color = plot.Add.Palette.GetColor(i);
            double[] xs = [.. s.X];
            double[] lower = [.. s.Lower];
            double[] upper = [.. s.Upper];
            double[] ys = [.. s.Y];
            var band = plot.Add.FillY(xs, lower, upper);
            band.FillColor = color.WithAlpha(0.25);
            band.LineWidth = 0;
            var line = plot.Add.Scatter(xs, ys);
            line.Color = color;
            line.LineWidth = 2;
            line.MarkerSize = 0;
            line.LegendText = s.Label;
        }

        PlotExport.SaveLabelledPng(plot, path, width, height, title, xLabel, yLabel, legend: series.Count > 1);
    }
}
