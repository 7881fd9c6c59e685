namespace Synaptic.ML.Samples;

/// <summary>Summaries of results over seeds, shared by the samples' tables.</summary>
internal static class SampleStatistics
{
    /// <summary>The mean and the sample standard deviation (0 for one value).</summary>
    public static (double Mean, double Std) MeanStd(double[] values)
    {
        var mean = values.Average();
        var variance = values.Length > 1 ? values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1) : 0;
        return (mean, Math.Sqrt(variance));
    }

    /// <summary>The median (the mean of the middle two for an even count).</summary>
    public static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
