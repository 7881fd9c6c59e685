using ScottPlot;
using Synaptic.ML.Plotting;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The memory matrix M over one episode as a row of heatmaps, one per snapshot at evenly spaced steps (first and
/// last included), side by side on one colour scale (<see cref="TraceColourScale"/>) with one colour bar; each panel
/// is labelled with its step, rows are M's rows (hidden units) from the top, columns its columns (inputs).
/// </summary>
internal static class TraceHeatmapPlot
{
    // Empty columns between panels, in cells.
    private const int Gap = 1;

    /// <summary>Writes the snapshots to a PNG file.</summary>
    /// <param name="path">The PNG file.</param>
    /// <param name="trace">The episode's trace, one row-major rows × columns array per step.</param>
    /// <param name="rows">Rows of M.</param>
    /// <param name="columns">Columns of M.</param>
    /// <param name="snapshots">How many steps to show (at most the episode's length).</param>
    /// <param name="scale">The colour scale.</param>
    /// <param name="title">The title.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    internal static void SavePng(
        string path, IReadOnlyList<float[]> trace, int rows, int columns, int snapshots, TraceColourScale scale, string title, int width, int height)
    {
        PlotExport.ValidateTarget(path, width, height);
        int[] steps = EvenlySpacedSteps(trace.Count, snapshots);
        int totalColumns = steps.Length * columns + (steps.Length - 1) * Gap;
        var intensities = new double[rows, totalColumns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < totalColumns; c++)
                intensities[r, c] = double.NaN;
        }

        var tickPositions = new double[steps.Length];
        var tickLabels = new string[steps.Length];
        for (int s = 0; s < steps.Length; s++)
        {
            int offset = s * (columns + Gap);
            float[] m = trace[steps[s]];
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < columns; c++)
                    intensities[r, offset + c] = m[r * columns + c];
            }

            tickPositions[s] = offset + (columns - 1) / 2.0;
            tickLabels[s] = $"step {steps[s]}";
        }

        using Plot plot = new();
        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = scale.Colormap;
        heatmap.ManualRange = new ScottPlot.Range(-scale.Limit, scale.Limit);
        heatmap.NaNCellColor = Colors.Transparent;
        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = "M entry";
        plot.Axes.SetLimits(-0.5, totalColumns - 0.5, rows - 0.5, -0.5);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(tickPositions, tickLabels);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        PlotExport.SaveLabelledPng(
            plot, path, width, height, title, $"Snapshots of M ({rows} rows x {columns} input columns each)", "Row of M (hidden unit)", legend: false);
    }

    /// <summary>Up to <paramref name="count"/> distinct steps of 0…<paramref name="length"/> − 1, evenly spaced, first and last included.</summary>
    /// <param name="length">Steps in the episode, at least 1.</param>
    /// <param name="count">Steps wanted, at least 1.</param>
    /// <returns>Increasing step indices.</returns>
    internal static int[] EvenlySpacedSteps(int length, int count)
    {
        if (count >= length)
            return Enumerable.Range(0, length).ToArray();
        if (count == 1)
            return [length - 1];
        return Enumerable.Range(0, count).Select(i => (int)Math.Round((double)i * (length - 1) / (count - 1))).Distinct().ToArray();
    }
}
