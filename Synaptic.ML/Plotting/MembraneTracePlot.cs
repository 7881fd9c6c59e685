using ScottPlot;

namespace Synaptic.ML.Plotting;

/// <summary>
/// Membrane-potential traces: the potential of a few neurons over time, with the firing threshold
/// as a dashed line so the reader sees where each spike (and reset) happens.
/// </summary>
public static class MembraneTracePlot
{
    /// <summary>When no neurons are chosen, this many first neurons are drawn; more traces are unreadable.</summary>
    public const int DefaultMaxTraces = 10;

    /// <summary>
    /// Writes the membrane potential over time of selected neurons to a PNG file.
    /// </summary>
    /// <param name="path">The PNG file to write; its directory is created if missing.</param>
    /// <param name="membrane">The membrane potentials, row-major [<paramref name="timeSteps"/>, <paramref name="neurons"/>]:
    /// element <c>t * neurons + n</c> is neuron <c>n</c> at time step <c>t</c>.</param>
    /// <param name="timeSteps">The number of time steps T (rows of <paramref name="membrane"/>).</param>
    /// <param name="neurons">The number of neurons N (columns of <paramref name="membrane"/>).</param>
    /// <param name="neuronIndices">The neurons to draw, each in [0, N); null draws the first
    /// min(N, <see cref="DefaultMaxTraces"/>) neurons.</param>
    /// <param name="threshold">An optional firing threshold, drawn as a dashed horizontal line.</param>
    /// <param name="title">An optional title drawn above the plot.</param>
    /// <param name="width">The image width in pixels.</param>
    /// <param name="height">The image height in pixels.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty; the length of <paramref name="membrane"/>
    /// is not T × N; a potential is NaN or infinite; <paramref name="neuronIndices"/> is empty;
    /// or <paramref name="threshold"/> is NaN or infinite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeSteps"/>, <paramref name="neurons"/>,
    /// <paramref name="width"/> or <paramref name="height"/> is not positive, or a neuron index is outside [0, N).</exception>
    public static void SavePng(
        string path,
        ReadOnlySpan<float> membrane,
        int timeSteps,
        int neurons,
        IReadOnlyList<int>? neuronIndices = null,
        float? threshold = null,
        string? title = null,
        int width = 800,
        int height = 600)
    {
        PlotExport.ValidateTarget(path, width, height);
        SpikingPlotChecks.CheckMatrix(membrane, timeSteps, neurons, "membrane potential", nameof(timeSteps), nameof(neurons), "time step", "neuron", nameof(membrane));
        if (threshold is float th && !float.IsFinite(th))
        {
            throw new ArgumentException($"The threshold is {th}; it must be finite.", nameof(threshold));
        }

        int[] chosen = neuronIndices is null
            ? [.. Enumerable.Range(0, Math.Min(neurons, DefaultMaxTraces))]
            : [.. neuronIndices];
        if (chosen.Length == 0)
        {
            throw new ArgumentException("At least one neuron index is needed.", nameof(neuronIndices));
        }

        foreach (int n in chosen)
        {
            if ((uint)n >= (uint)neurons)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(neuronIndices), n, $"Neuron index {n} is outside [0, {neurons}).");
            }
        }

        using Plot plot = new();
        foreach (int n in chosen)
        {
            var trace = new double[timeSteps];
            for (int t = 0; t < timeSteps; t++)
            {
                trace[t] = membrane[t * neurons + n];
            }

            var signal = plot.Add.Signal(trace);
            signal.LineWidth = 2;
            signal.LegendText = $"Neuron {n}";
        }

        if (threshold is float thresholdValue)
        {
            var line = plot.Add.HorizontalLine(thresholdValue);
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 1.5f;
            line.Color = Colors.Black;
            line.LegendText = "Threshold";
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.XLabel("Time step");
        plot.YLabel("Membrane potential");
        if (!string.IsNullOrEmpty(title))
        {
            plot.Title(title);
        }

        if (chosen.Length > 1 || threshold is not null)
        {
            plot.ShowLegend();
        }
        else
        {
            plot.HideLegend();
        }

        PlotExport.SavePng(plot, path, width, height);
    }
}
