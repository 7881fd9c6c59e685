using ScottPlot;

namespace Synaptic.ML.Trainers;

/// <summary>A colormap over a fixed range, for a colour bar keyed to colours drawn by hand rather than by a heatmap.</summary>
internal sealed class ColorAxis(IColormap colormap, ScottPlot.Range range) : IHasColorAxis
{
    /// <inheritdoc/>
    public IColormap Colormap { get; set; } = colormap;

    /// <inheritdoc/>
    public ScottPlot.Range GetRange() => range;
}
