using ScottPlot;

namespace Synaptic.ML.Plotting;

/// <summary>
/// Population firing rate over time: the fraction of neurons that spike at each step, optionally
/// averaged over a sliding window and converted to hertz.
/// </summary>
public static class PopulationRatePlot
{
    /// <summary>
    /// Writes the population firing rate of a spike train over time to a PNG file.
    /// </summary>
    /// <param name="path">The PNG file to write; its directory is created if missing.</param>
    /// <param name="spikes">The spike train, row-major [<paramref name="timeSteps"/>, <paramref name="neurons"/>]:
    /// element <c>t * neurons + n</c> is neuron <c>n</c> at time step <c>t</c>; any value other than 0 is a spike
    /// (as in <see cref="SpikeRasterPlot"/>).</param>
    /// <param name="timeSteps">The number of time steps T (rows of <paramref name="spikes"/>).</param>
    /// <param name="neurons">The number of neurons N (columns of <paramref name="spikes"/>).</param>
    /// <param name="window">The smoothing window in steps, in [1, T]: the rate at step t is the mean over steps
    /// max(0, t − window + 1) … t (a causal moving average, so it never looks ahead); 1 means no smoothing.</param>
    /// <param name="stepMilliseconds">The duration of one time step in milliseconds. When given, the rate is in
    /// hertz (spikes per neuron per second) and the x axis in milliseconds; when null, the rate is in spikes
    /// per neuron per step and the x axis in steps.</param>
    /// <param name="title">An optional title drawn above the plot.</param>
    /// <param name="width">The image width in pixels.</param>
    /// <param name="height">The image height in pixels.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, the length of <paramref name="spikes"/>
    /// is not T × N, or a value is NaN or infinite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeSteps"/>, <paramref name="neurons"/>,
    /// <paramref name="width"/> or <paramref name="height"/> is not positive; <paramref name="window"/> is outside
    /// [1, T]; or <paramref name="stepMilliseconds"/> is not a positive finite number.</exception>
    public static void SavePng(
        string path,
        ReadOnlySpan<float> spikes,
        int timeSteps,
        int neurons,
        int window = 1,
        float? stepMilliseconds = null,
        string? title = null,
        int width = 800,
        int height = 600)
    {
        PlotExport.ValidateTarget(path, width, height);
        SpikingPlotChecks.CheckMatrix(spikes, timeSteps, neurons, "spike train", nameof(timeSteps), nameof(neurons), "time step", "neuron", nameof(spikes));
        if (window < 1 || window > timeSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, $"The window must be in [1, timeSteps = {timeSteps}].");
        }

        if (stepMilliseconds is float ms && !(float.IsFinite(ms) && ms > 0))
        {
            throw new ArgumentOutOfRangeException(
                nameof(stepMilliseconds), ms, "The step duration must be a positive finite number of milliseconds.");
        }

        double[] rate = Rate(spikes, timeSteps, neurons, window);
        double stepMs = stepMilliseconds ?? 1.0;
        if (stepMilliseconds is not null)
        {
            // spikes per neuron per step ÷ seconds per step = spikes per neuron per second.
            double perSecond = 1000.0 / stepMs;
            for (int t = 0; t < rate.Length; t++)
            {
                rate[t] *= perSecond;
            }
        }

        using Plot plot = new();
        var signal = plot.Add.Signal(rate, period: stepMs);
        signal.LineWidth = 2;
        signal.MarkerSize = timeSteps <= 50 ? 5 : 0;
        plot.Axes.AutoScale();
        double top = rate.Max();
        plot.Axes.SetLimitsY(0, top > 0 ? top * 1.1 : 1);
        plot.XLabel(stepMilliseconds is null ? "Time step" : "Time (ms)");
        plot.YLabel(stepMilliseconds is null ? "Rate (spikes / neuron / step)" : "Rate (Hz)");
        if (!string.IsNullOrEmpty(title))
        {
            plot.Title(title);
        }

        PlotExport.SavePng(plot, path, width, height);
    }

    /// <summary>The causal moving average over <paramref name="window"/> steps of the fraction of neurons spiking.</summary>
    internal static double[] Rate(ReadOnlySpan<float> spikes, int timeSteps, int neurons, int window)
    {
        var fraction = new double[timeSteps];
        for (int t = 0; t < timeSteps; t++)
        {
            ReadOnlySpan<float> row = spikes.Slice(t * neurons, neurons);
            fraction[t] = (double)(neurons - row.Count(0f)) / neurons;
        }

        var smoothed = new double[timeSteps];
        double sum = 0;
        for (int t = 0; t < timeSteps; t++)
        {
            sum += fraction[t];
            if (t >= window)
            {
                sum -= fraction[t - window];
            }

            smoothed[t] = sum / Math.Min(t + 1, window);
        }

        return smoothed;
    }
}
