using ScottPlot;

namespace Synaptic.ML.Plotting;

/// <summary>
/// Heatmaps of a table of values such as a Q-table (states × actions): one cell per entry, a sequential colormap
/// (viridis) spanning the table's own range, labelled axes and a colour bar. Unlike <see cref="WeightHeatmapPlot"/>
/// the colours are not centred on 0, since a table's entries often share a sign (Taxi's Q-values are mostly negative).
/// </summary>
public static class TableHeatmapPlot
{
    /// <summary>Writes a heatmap of a row-major table to a PNG file, row 0 at the top.</summary>
    /// <param name="path">The PNG file to write; its directory is created if missing.</param>
    /// <param name="values">The table, row-major [<paramref name="rows"/>, <paramref name="columns"/>].</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="columns">Number of columns.</param>
    /// <param name="title">An optional title drawn above the plot.</param>
    /// <param name="rowLabel">The y-axis label. Default "Row".</param>
    /// <param name="columnLabel">The x-axis label. Default "Column".</param>
    /// <param name="valueLabel">The colour bar's label. Default "Value".</param>
    /// <param name="width">The image width in pixels.</param>
    /// <param name="height">The image height in pixels.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, the length of <paramref name="values"/>
    /// is not rows × columns, or a value is NaN or infinite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public static void SavePng(
        string path,
        ReadOnlySpan<float> values,
        int rows,
        int columns,
        string? title = null,
        string rowLabel = "Row",
        string columnLabel = "Column",
        string valueLabel = "Value",
        int width = 800,
        int height = 600)
    {
        PlotExport.ValidateTarget(path, width, height);
        SpikingPlotChecks.CheckMatrix(values, rows, columns, "table", nameof(rows), nameof(columns), "row", "column", nameof(values));

        var intensities = new double[rows, columns];
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                double v = values[r * columns + c];
                intensities[r, c] = v;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        // A flat table still needs a range for the colormap.
        if (max == min)
        {
            max = min + 1;
        }

        using Plot plot = new();
        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(min, max);
        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = valueLabel;
        plot.Axes.SetLimits(-0.5, columns - 0.5, rows - 0.5, -0.5);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.XLabel(columnLabel);
        plot.YLabel(rowLabel);
        if (!string.IsNullOrEmpty(title))
        {
            plot.Title(title);
        }

        PlotExport.SavePng(plot, path, width, height);
    }
}
