namespace Synaptic.ML.Trainers;

/// <summary>
/// Principal-component analysis of N rows of D values, fitted with ML.NET's
/// <c>mlContext.Transforms.ProjectToPrincipalComponents</c>: the mean, each row's projection on the first k
/// components, the variance along each component (absolute and as a share of the total variance), the cumulative
/// share, and the participation ratio of the full covariance spectrum.
/// </summary>
/// <remarks>
/// <para>
/// What ML.NET's transform does (Microsoft.ML 5.0.1, <c>PrincipalComponentAnalysisTransformer</c>): a randomized PCA
/// (Halko, Martinsson &amp; Tropp 2011) without power iterations. It draws a Gaussian test matrix Ω of D × (k + p)
/// from the seed, forms Y = CΩ in one pass over the data (C the covariance with divisor N, never stored),
/// orthonormalises Y by Gram–Schmidt into Q, forms B = CQ in a second pass, and eigen-decomposes the small matrix
/// BᵀB; its leading eigenvectors mapped back through B are the k unit-length components, and each output is a dot
/// product with them. <c>ensureZeroMean</c> defaults to true, and then the transformer estimates the mean itself and
/// subtracts its projection from every output — but it accumulates the mean a second time in its second pass, so
/// the mean it uses is μ(1 + 1/N): with an offset |μ|² not small next to the variance (or few rows) the components
/// come out tilted (the tests saw PC1's variance 0.5 % low at N = 400, and 16 × low at N = 9) and outputs are not
/// centred. <see cref="Fit"/> therefore centres the rows itself, in double precision, and turns ML.NET's centring
/// off. Its limits: D must be at least 2 (it takes only vectors of two or more floats), k at most D, and k + p is
/// capped at D; rows with a NaN or infinite value are silently skipped while fitting, which is why
/// <see cref="Fit"/> refuses them instead.
/// </para>
/// <para>
/// Accuracy: when k + p reaches D the subspace Q is the whole space and the components are exact up to float
/// rounding; otherwise the captured variance is a lower bound that is tight when the spectrum decays well past
/// component k + p. The default oversampling p = <see cref="DefaultOversampling"/> makes the fit exact for
/// D ≤ k + 100. p is also capped so that k + p ≤ N − 1, the rank of the centred data: directions beyond it carry no
/// variance, and orthonormalising them in float costs ML.NET accuracy. The variance along each component is measured from the projections themselves (divisor N − 1), so
/// it is the variance the plots show, whatever the randomized step's accuracy.
/// </para>
/// <para>
/// The total variance Σλ = tr C and the participation ratio PR = (Σλ)² / Σλ² = (tr C)² / ‖C‖<sub>F</sub>² use the
/// whole spectrum, not only the k fitted components: both traces are computed exactly from the centred data (see
/// <c>CovarianceSpectrum</c>), at a cost of O(N · D · min(N, D)). PR is D for isotropic data and 1 for data on a
/// line.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var pca = PrincipalComponents.Fit(hiddenStates, components: 10);
/// Console.WriteLine($"PC1 explains {pca.ExplainedVarianceRatio[0]:P1}; PR = {pca.ParticipationRatio:F2}");
/// </code>
/// </example>
public sealed class PrincipalComponents
{
    /// <summary>The default oversampling p: extra random directions beyond k (capped so k + p ≤ min(D, N − 1)).</summary>
    public const int DefaultOversampling = 100;

    private PrincipalComponents(
        int dimension, int components, int oversampling, float[] mean, float[][] projections,
        double[] variance, double totalVariance, double traceOfSquare)
    {
        Dimension = dimension;
        Components = components;
        Oversampling = oversampling;
        Mean = mean;
        Projections = projections;
        ExplainedVariance = variance;
        TotalVariance = totalVariance;
        var ratio = new double[components];
        var cumulative = new double[components];
        double sum = 0;
        for (int j = 0; j < components; j++)
        {
            ratio[j] = variance[j] / totalVariance;
            sum += ratio[j];
            cumulative[j] = sum;
        }

        ExplainedVarianceRatio = ratio;
        CumulativeRatio = cumulative;
        ParticipationRatio = totalVariance * totalVariance / traceOfSquare;
    }

    /// <summary>Width of a row (D).</summary>
    public int Dimension { get; }

    /// <summary>Number of rows fitted (N).</summary>
    public int RowCount => Projections.Count;

    /// <summary>Number of components fitted (k).</summary>
    public int Components { get; }

    /// <summary>The oversampling ML.NET used: the requested one capped at min(D, N − 1) − k.</summary>
    public int Oversampling { get; }

    /// <summary>The mean row (D values).</summary>
    public IReadOnlyList<float> Mean { get; }

    /// <summary>Each row's projection on the k components, in the order of the rows given (N arrays of k floats).</summary>
    public IReadOnlyList<float[]> Projections { get; }

    /// <summary>The sample variance (divisor N − 1) of the projections on each component, largest first for an exact fit.</summary>
    public IReadOnlyList<double> ExplainedVariance { get; }

    /// <summary>Each component's variance divided by <see cref="TotalVariance"/>.</summary>
    public IReadOnlyList<double> ExplainedVarianceRatio { get; }

    /// <summary>Running sums of <see cref="ExplainedVarianceRatio"/>.</summary>
    public IReadOnlyList<double> CumulativeRatio { get; }

    /// <summary>The total variance of the centred data, Σλ = tr C over all D dimensions (divisor N − 1).</summary>
    public double TotalVariance { get; }

    /// <summary>
    /// PR = (Σλ)² / Σλ² over the full eigen-spectrum of the covariance: the effective number of dimensions the data
    /// spreads over, between 1 (a line) and D (isotropic).
    /// </summary>
    public double ParticipationRatio { get; }

    /// <summary>Fits the first <paramref name="components"/> principal components of <paramref name="rows"/>.</summary>
    /// <param name="rows">N ≥ 2 rows of D ≥ 2 finite values each.</param>
    /// <param name="components">k, 1 to min(D, N − 1) (centred data has rank at most N − 1).</param>
    /// <param name="seed">Seeds ML.NET's random test matrix, so a fit is reproducible.</param>
    /// <param name="oversampling">Extra random directions p ≥ 0 (capped at min(D, N − 1) − k); more is slower and more accurate.</param>
    /// <returns>The fitted components.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rows"/> or one row is null.</exception>
    /// <exception cref="ArgumentException">Fewer than 2 rows or dimensions, rows of unequal length, a NaN or infinite
    /// value, or rows that are all equal (zero variance); the message names the row and index.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="components"/> or <paramref name="oversampling"/>
    /// is out of range.</exception>
    public static PrincipalComponents Fit(IReadOnlyList<float[]> rows, int components, int seed = 0, int oversampling = DefaultOversampling)
    {
        int dimension = CheckRows(rows);
        int n = rows.Count;
        int maxComponents = Math.Min(dimension, n - 1);
        if (components < 1 || components > maxComponents)
            throw new ArgumentOutOfRangeException(
                nameof(components), components,
                $"{n} rows of {dimension} values support 1 to min(D, N - 1) = {maxComponents} components.");
        ArgumentOutOfRangeException.ThrowIfNegative(oversampling);

        float[] mean = Centre(rows, dimension, out double[][] centred);
        (double total, double traceOfSquare) = CovarianceSpectrum.Moments(centred, dimension);
        if (total <= 0)
            throw new ArgumentException($"All {n} rows are equal, so the data has no variance to analyse.", nameof(rows));

        // k + p is kept within the rank bound min(D, N - 1): beyond it ML.NET orthonormalises, in float, random
        // directions that carry no variance, and that noise leaks into the components (seen at N = 9, D = 15).
        int effectiveOversampling = Math.Min(oversampling, maxComponents - components);
        float[][] centredRows = Array.ConvertAll(centred, row => Array.ConvertAll(row, v => (float)v));
        float[][] projections = MlNetPrincipalComponents.Project(centredRows, dimension, components, effectiveOversampling, seed);
        double[] variance = ColumnVariances(projections, components);
        return new PrincipalComponents(dimension, components, effectiveOversampling, mean, projections, variance, total, traceOfSquare);
    }

    private static int CheckRows(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count < 2)
            throw new ArgumentException($"PCA needs at least 2 rows; got {rows.Count}.", nameof(rows));
        int dimension = rows[0]?.Length ?? throw new ArgumentNullException(nameof(rows), "Row 0 is null.");
        if (dimension < 2)
            throw new ArgumentException($"Rows have {dimension} value(s); ML.NET's PCA needs at least 2 dimensions.", nameof(rows));
        for (int i = 0; i < rows.Count; i++)
        {
            float[] row = rows[i] ?? throw new ArgumentNullException(nameof(rows), $"Row {i} is null.");
            if (row.Length != dimension)
                throw new ArgumentException($"Row {i} has {row.Length} values; row 0 has {dimension}.", nameof(rows));
            for (int d = 0; d < dimension; d++)
            {
                if (!float.IsFinite(row[d]))
                    throw new ArgumentException($"Row {i} is {row[d]} at index {d}; PCA needs finite values.", nameof(rows));
            }
        }

        return dimension;
    }

    private static float[] Centre(IReadOnlyList<float[]> rows, int dimension, out double[][] centred)
    {
        var sum = new double[dimension];
        foreach (float[] row in rows)
        {
            for (int d = 0; d < dimension; d++)
                sum[d] += row[d];
        }

        for (int d = 0; d < dimension; d++)
            sum[d] /= rows.Count;
        centred = new double[rows.Count][];
        for (int i = 0; i < rows.Count; i++)
        {
            var c = new double[dimension];
            for (int d = 0; d < dimension; d++)
                c[d] = rows[i][d] - sum[d];
            centred[i] = c;
        }

        return Array.ConvertAll(sum, v => (float)v);
    }

    private static double[] ColumnVariances(float[][] projections, int components)
    {
        // Measured about the projections' own mean, which float rounding of the centred rows leaves a hair off zero.
        var variance = new double[components];
        for (int j = 0; j < components; j++)
        {
            double m = 0;
            foreach (float[] p in projections)
                m += p[j];
            m /= projections.Length;
            double s = 0;
            foreach (float[] p in projections)
                s += (p[j] - m) * (p[j] - m);
            variance[j] = s / (projections.Length - 1);
        }

        return variance;
    }
}
