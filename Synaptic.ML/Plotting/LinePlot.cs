using ScottPlot;

namespace Synaptic.ML.Plotting;

/// <summary>
/// Line plots of one or more series, such as training curves.
/// </summary>
public static class LinePlot
{
    /// <summary>Series with at most this many points also get a marker at each point.</summary>
    private const int MaxPointsWithMarkers = 50;

    /// <summary>
    /// Writes a line plot of <paramref name="series"/> to a PNG file. A legend is shown when there is
    /// more than one series.
    /// </summary>
    /// <param name="path">The PNG file to write; its directory is created if missing.</param>
    /// <param name="series">The lines to draw, at least one, in ScottPlot's default colour order.</param>
    /// <param name="title">An optional title drawn above the plot.</param>
    /// <param name="xLabel">An optional x-axis label.</param>
    /// <param name="yLabel">An optional y-axis label.</param>
    /// <param name="width">The image width in pixels.</param>
    /// <param name="height">The image height in pixels.</param>
    /// <exception cref="ArgumentNullException"><paramref name="series"/> or one of its elements is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, <paramref name="series"/> is empty,
    /// or a series has unequal x and y counts or a NaN or infinite value.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is not positive.</exception>
    public static void SavePng(
        string path,
        IReadOnlyList<LineSeries> series,
        string? title = null,
        string? xLabel = null,
        string? yLabel = null,
        int width = 800,
        int height = 600)
    {
        PlotExport.ValidateTarget(path, width, height);
        PlotExport.ValidateSeries(series, "line", s => s.Validate());

        using Plot plot = new();
        foreach (LineSeries s in series)
        {
            double[] xs = [.. s.X];
            double[] ys = [.. s.Y];
            var scatter = plot.Add.Scatter(xs, ys);
            scatter.LegendText = s.Label;
            scatter.LineWidth = 2;
            scatter.MarkerSize = xs.Length <= MaxPointsWithMarkers ? 5 : 0;
        }

        PlotExport.SaveLabelledPng(plot, path, width, height, title, xLabel, yLabel, legend: series.Count > 1);
    }
}
