namespace Synaptic.ML.Trainers;

/// <summary>The trailing mean of a series, for learning curves.</summary>
internal static class MovingAverage
{
    /// <summary>Entry i is the mean of values[max(0, i − window + 1) … i].</summary>
    public static double[] Of(IReadOnlyList<double> values, int window)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        var means = new double[values.Count];
        var sum = 0.0;
        for (var i = 0; i < means.Length; i++)
        {
            sum += values[i];
            if (i >= window)
                sum -= values[i - window];
            means[i] = sum / Math.Min(i + 1, window);
        }
        return means;
    }
}
