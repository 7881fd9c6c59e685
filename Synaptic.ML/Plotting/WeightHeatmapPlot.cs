using ScottPlot;

namespace Synaptic.ML.Plotting;

/// <summary>
/// Heatmaps of synaptic weight matrices: one cell per synapse, coloured with a diverging colormap
/// (cmocean "balance": blue negative, white zero, red positive) whose centre is pinned at 0 so that
/// inhibitory and excitatory weights are told apart at a glance, with a colour bar as the key.
/// </summary>
public static class WeightHeatmapPlot
{
    /// <summary>
    /// Writes a heatmap of a weight matrix to a PNG file. Row 0 is drawn at the top, as a matrix is written.
    /// </summary>
    /// <param name="path">The PNG file to write; its directory is created if missing.</param>
    /// <param name="weights">The weights, row-major [<paramref name="rows"/>, <paramref name="columns"/>]:
    /// element <c>r * columns + c</c> is the synapse from presynaptic neuron <c>c</c> to postsynaptic neuron <c>r</c>.</param>
    /// <param name="rows">The number of postsynaptic neurons (rows of <paramref name="weights"/>).</param>
    /// <param name="columns">The number of presynaptic neurons (columns of <paramref name="weights"/>).</param>
    /// <param name="title">An optional title drawn above the plot.</param>
    /// <param name="width">The image width in pixels.</param>
    /// <param name="height">The image height in pixels.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, the length of <paramref name="weights"/>
    /// is not rows × columns, or a weight is NaN or infinite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/>, <paramref name="columns"/>,
    /// <paramref name="width"/> or <paramref name="height"/> is not positive.</exception>
    public static void SavePng(
        string path,
        ReadOnlySpan<float> weights,
        int rows,
        int columns,
        string? title = null,
        int width = 800,
        int height = 600)
    {
        PlotExport.ValidateTarget(path, width, height);
        SpikingPlotChecks.CheckMatrix(weights, rows, columns, "weight matrix", nameof(rows), nameof(columns), "row", "column", nameof(weights));

        // ScottPlot draws intensity row r at y = r, so the tick labels are the row indices; the inverted
        // y axis below puts row 0 on top.
        var intensities = new double[rows, columns];
        double largest = 0;
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                double w = weights[r * columns + c];
                intensities[r, c] = w;
                largest = Math.Max(largest, Math.Abs(w));
            }
        }

        // A symmetric range puts 0 at the colormap's white centre; an all-zero matrix is drawn all white.
        double limit = largest > 0 ? largest : 1;

        using Plot plot = new();
        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = new ScottPlot.Colormaps.Balance();
        heatmap.ManualRange = new ScottPlot.Range(-limit, limit);
        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = "Weight";
        plot.Axes.SetLimits(-0.5, columns - 0.5, rows - 0.5, -0.5);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.XLabel("Presynaptic neuron");
        plot.YLabel("Postsynaptic neuron");
        if (!string.IsNullOrEmpty(title))
        {
            plot.Title(title);
        }

        PlotExport.SavePng(plot, path, width, height);
    }
}
