using ScottPlot;
using SkiaSharp;

namespace Synaptic.ML.Plotting;

/// <summary>
/// Spike raster plots: one marker per spike, time step on the x axis and neuron index on the y axis.
/// </summary>
public static class SpikeRasterPlot
{
    /// <summary>
    /// Writes a spike raster of a spike train to a PNG file.
    /// </summary>
    /// <param name="path">The PNG file to write; its directory is created if missing.</param>
    /// <param name="spikes">The spike train, row-major [<paramref name="timeSteps"/>, <paramref name="neurons"/>]:
    /// element <c>t * neurons + n</c> is neuron <c>n</c> at time step <c>t</c>; any value other than 0 is a spike.</param>
    /// <param name="timeSteps">The number of time steps T (rows of <paramref name="spikes"/>).</param>
    /// <param name="neurons">The number of neurons N (columns of <paramref name="spikes"/>).</param>
    /// <param name="title">An optional title drawn above the plot.</param>
    /// <param name="width">The image width in pixels.</param>
    /// <param name="height">The image height in pixels.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, or the length of
    /// <paramref name="spikes"/> is not <paramref name="timeSteps"/> × <paramref name="neurons"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeSteps"/>, <paramref name="neurons"/>,
    /// <paramref name="width"/> or <paramref name="height"/> is not positive.</exception>
    public static void SavePng(
        string path,
        ReadOnlySpan<float> spikes,
        int timeSteps,
        int neurons,
        string? title = null,
        int width = 800,
        int height = 600)
    {
        PlotExport.ValidateTarget(path, width, height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timeSteps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(neurons);
        long expected = (long)timeSteps * neurons;
        if (spikes.Length != expected)
        {
            throw new ArgumentException(
                $"The spike train has {spikes.Length} elements, but timeSteps x neurons = {timeSteps} x {neurons} = {expected}.",
                nameof(spikes));
        }

        using Plot plot = new();
        plot.Add.Plottable(new SpikeMarkers(spikes, timeSteps, neurons));
        plot.Axes.SetLimits(-0.5, timeSteps - 0.5, -0.5, neurons - 0.5);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.XLabel("Time step");
        plot.YLabel("Neuron");
        if (!string.IsNullOrEmpty(title))
        {
            plot.Title(title);
        }

        PlotExport.SavePng(plot, path, width, height);
    }

    /// <summary>
    /// Draws every spike as a small filled square in one Skia call, which keeps a raster of tens of
    /// thousands of spikes to a millisecond or two (ScottPlot's own marker plottable draws them one
    /// by one and is about ten times slower).
    /// </summary>
    private sealed class SpikeMarkers : IPlottable
    {
        private readonly int[] _steps;
        private readonly int[] _neuronIndices;
        private readonly int _timeSteps;
        private readonly int _neurons;

        public SpikeMarkers(ReadOnlySpan<float> spikes, int timeSteps, int neurons)
        {
            _timeSteps = timeSteps;
            _neurons = neurons;
            int count = spikes.Length - spikes.Count(0f);
            _steps = new int[count];
            _neuronIndices = new int[count];
            int k = 0;
            for (int i = 0; i < spikes.Length; i++)
            {
                if (spikes[i] != 0f)
                {
                    _steps[k] = i / neurons;
                    _neuronIndices[k] = i % neurons;
                    k++;
                }
            }
        }

        public bool IsVisible { get; set; } = true;

        public IAxes Axes { get; set; } = new Axes();

        public IEnumerable<LegendItem> LegendItems => LegendItem.None;

        public AxisLimits GetAxisLimits() => new(-0.5, _timeSteps - 0.5, -0.5, _neurons - 0.5);

        public void Render(RenderPack rp)
        {
            if (_steps.Length == 0)
            {
                return;
            }

            PixelRect data = Axes.DataRect;
            float cell = Math.Min(data.Width / _timeSteps, data.Height / _neurons);
            float size = Math.Clamp(0.8f * cell, 2f, 8f);

            var points = new SKPoint[_steps.Length];
            for (int i = 0; i < points.Length; i++)
            {
                points[i] = new SKPoint(Axes.GetPixelX(_steps[i]), Axes.GetPixelY(_neuronIndices[i]));
            }

            using SKPaint paint = new()
            {
                Color = SKColors.Black,
                Style = SKPaintStyle.Stroke,
                StrokeWidth = size,
                StrokeCap = SKStrokeCap.Square,
                IsAntialias = false,
            };
            rp.Canvas.Save();
            rp.Canvas.ClipRect(new SKRect(data.Left, data.Top, data.Right, data.Bottom));
            rp.Canvas.DrawPoints(SKPointMode.Points, points, paint);
            rp.Canvas.Restore();
        }
    }
}
