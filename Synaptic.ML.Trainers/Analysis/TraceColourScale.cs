using ScottPlot;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The one colour scale of a memory trace over an episode, shared by the heatmap and the GIF so that a colour means
/// the same value in every snapshot and frame: the diverging "balance" colormap (blue negative, white 0, red
/// positive, as <see cref="Synaptic.ML.Plotting.WeightHeatmapPlot"/> draws weights) over ±the largest |M| of the episode.
/// </summary>
internal sealed class TraceColourScale
{
    private TraceColourScale(double limit) => Limit = limit;

    /// <summary>The colormap.</summary>
    public IColormap Colormap { get; } = new ScottPlot.Colormaps.Balance();

    /// <summary>Half the range: values map from −Limit (blue) to +Limit (red).</summary>
    public double Limit { get; }

    /// <summary>The scale spanning every value of <paramref name="trace"/>; an all-zero trace gets ±1.</summary>
    /// <param name="trace">The per-step values.</param>
    /// <returns>The scale.</returns>
    public static TraceColourScale Over(IEnumerable<float[]> trace)
    {
        double largest = 0;
        foreach (float[] step in trace)
        {
            foreach (float v in step)
                largest = Math.Max(largest, Math.Abs(v));
        }

        return new TraceColourScale(largest > 0 ? largest : 1);
    }

    /// <summary>The colour of <paramref name="value"/>, clamped to the range.</summary>
    /// <param name="value">A trace value.</param>
    /// <returns>Its colour.</returns>
    public Color ColorOf(double value) => Colormap.GetColor(Math.Clamp((value + Limit) / (2 * Limit), 0, 1));
}
