namespace Synaptic.ML.Samples.Cli;

/// <summary>Means, standard deviations and 95% confidence intervals (Student's t) over seeds or episodes.</summary>
public static class Statistics
{
    /// <summary>The sample standard deviation (n − 1), 0 for fewer than two values.</summary>
    /// <param name="values">The values.</param>
    /// <returns>The standard deviation.</returns>
    public static double StandardDeviation(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count < 2)
            return 0;
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>Half the width of the two-sided 95% confidence interval of the mean: t(0.975, n − 1)·s/√n.</summary>
    /// <param name="values">The values.</param>
    /// <returns>The half-width, 0 for fewer than two values.</returns>
    public static double ConfidenceHalfWidth(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.Count < 2 ? 0 : StudentT975(values.Count - 1) * StandardDeviation(values) / Math.Sqrt(values.Count);
    }

    /// <summary>The 97.5% quantile of Student's t with <paramref name="degreesOfFreedom"/> degrees of freedom.</summary>
    /// <param name="degreesOfFreedom">At least 1.</param>
    /// <returns>The quantile (12.706 for 1, 2.776 for 4, 1.960 in the limit).</returns>
    public static double StudentT975(int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        // Tabulated for small samples (where seeds are counted); Cornish–Fisher expansion beyond.
        ReadOnlySpan<double> table = [12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
            2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
            2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423];
        if (degreesOfFreedom <= table.Length)
            return table[degreesOfFreedom - 1];
        const double z = 1.959963984540054;
        double n = degreesOfFreedom, z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
        return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n);
    }
}
