using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Analysis;

[TestClass]
public sealed class PrincipalComponentsTests
{
    [TestMethod]
    public void ExplainedVariance_MatchesExactEigenvaluesOfTheCovariance()
    {
        // Correlated data x = A z + offset, N > D, so the D x D covariance path is used; k + p covers D, so ML.NET's
        // subspace is the whole space and its components should be exact up to float rounding.
        float[][] rows = MixedGaussian(n: 400, d: 8, seed: 1, offset: 5);
        var pca = PrincipalComponents.Fit(rows, components: 4);
        var (values, vectors) = ExactSpectrum(rows);

        Assert.AreEqual(4, pca.Oversampling, "k + p is capped at D = 8");
        double total = values.Sum();
        Assert.AreEqual(total, pca.TotalVariance, 1e-9 * total);
        for (int j = 0; j < 4; j++)
        {
            // Float projections: 1e-5 of the total variance is far above their rounding and far below any gap here.
            Assert.AreEqual(values[j], pca.ExplainedVariance[j], 1e-5 * total, $"component {j}");
            Assert.AreEqual(values[j] / total, pca.ExplainedVarianceRatio[j], 1e-5, $"ratio {j}");
            Assert.AreEqual(values.Take(j + 1).Sum() / total, pca.CumulativeRatio[j], 1e-5, $"cumulative {j}");
        }

        double expectedPr = total * total / values.Sum(l => l * l);
        Assert.AreEqual(expectedPr, pca.ParticipationRatio, 1e-9 * expectedPr);
        AssertProjectionsMatch(rows, pca, vectors, tolerance: 1e-3);
    }

    [TestMethod]
    public void FewerRowsThanDimensions_UsesTheGramPathAndStillMatchesExactSpectrum()
    {
        float[][] rows = MixedGaussian(n: 9, d: 15, seed: 2, offset: -3);
        var pca = PrincipalComponents.Fit(rows, components: 5);
        var (values, vectors) = ExactSpectrum(rows);

        double total = values.Sum();
        Assert.AreEqual(total, pca.TotalVariance, 1e-9 * total);
        Assert.AreEqual(total * total / values.Sum(l => l * l), pca.ParticipationRatio, 1e-8 * pca.ParticipationRatio);
        // Rank 8 < D = 15: k + p is capped at N - 1 = 8, which spans the data exactly. (Letting k + p reach D made
        // ML.NET orthonormalise directions without variance in float, and PC2 came out 4e-4 low, PC4 4e-3 high.)
        Assert.AreEqual(3, pca.Oversampling);
        for (int j = 0; j < 5; j++)
            Assert.AreEqual(values[j], pca.ExplainedVariance[j], 1e-5 * total, $"component {j}");
        AssertProjectionsMatch(rows, pca, vectors, tolerance: 1e-3);
    }

    [TestMethod]
    public void RandomizedFit_WithSmallOversampling_CapturesLeadingVarianceOfADecayingSpectrum()
    {
        // k + p = 3 + 7 = 10 of D = 40 directions: a genuinely randomized fit. The data are built with known standard
        // deviations 0.5^i along the axes, so the leading variances are 1, 0.25, 0.0625 (up to sampling).
        const int D = 40, N = 1500;
        var random = new Random(3);
        var rows = new float[N][];
        for (int i = 0; i < N; i++)
        {
            rows[i] = new float[D];
            for (int d = 0; d < D; d++)
                rows[i][d] = (float)(Math.Pow(0.5, d) * Gaussian(random));
        }

        var pca = PrincipalComponents.Fit(rows, components: 3, oversampling: 7);
        var (values, _) = ExactSpectrum(rows);

        Assert.AreEqual(7, pca.Oversampling);
        for (int j = 0; j < 3; j++)
        {
            // Stated tolerance of the randomized fit here: 1e-4 of each eigenvalue.
            Assert.AreEqual(values[j], pca.ExplainedVariance[j], 1e-4 * values[j], $"component {j}");
            Assert.IsLessThanOrEqualTo(values[j] * (1 + 1e-5), pca.ExplainedVariance[j], "a component cannot carry more than its eigenvalue");
        }
    }

    [TestMethod]
    public void ParticipationRatio_OfIsotropicDataIsTheDimension()
    {
        // For N iid standard Gaussian rows in D dims, E‖C‖F² ≈ D(1 + (D + 1)/N), so PR ≈ D / (1 + (D + 1)/N) = 9.98 here.
        const int D = 10, N = 5000;
        var random = new Random(4);
        float[][] rows = Enumerable.Range(0, N).Select(_ => Enumerable.Range(0, D).Select(_ => (float)Gaussian(random)).ToArray()).ToArray();

        var pca = PrincipalComponents.Fit(rows, components: 3);

        Assert.AreEqual(D / (1 + (D + 1.0) / N), pca.ParticipationRatio, 0.1);
        Assert.AreEqual(3.0 / D, pca.CumulativeRatio[2], 0.03, "three of ten equal directions carry about 30 %");
    }

    [TestMethod]
    public void ParticipationRatio_OfRankOneDataIsOne()
    {
        // Points on a line a·u + c: the covariance has one non-zero eigenvalue, PR = 1 exactly, PC1 carries all variance.
        var random = new Random(5);
        float[] direction = [0.2f, -0.5f, 0.1f, 0.7f, 0.3f, -0.4f];
        float[][] rows = Enumerable.Range(0, 50).Select(_ =>
        {
            double a = Gaussian(random) * 3;
            return direction.Select((u, d) => (float)(a * u + d)).ToArray();
        }).ToArray();

        var pca = PrincipalComponents.Fit(rows, components: 2);

        Assert.AreEqual(1.0, pca.ParticipationRatio, 1e-5);
        Assert.AreEqual(1.0, pca.ExplainedVarianceRatio[0], 1e-5);
        Assert.AreEqual(0.0, pca.ExplainedVarianceRatio[1], 1e-5);
    }

    [TestMethod]
    public void SameSeed_GivesIdenticalProjections()
    {
        float[][] rows = MixedGaussian(n: 200, d: 30, seed: 6, offset: 0);
        var a = PrincipalComponents.Fit(rows, components: 3, seed: 11, oversampling: 5);
        var b = PrincipalComponents.Fit(rows, components: 3, seed: 11, oversampling: 5);
        for (int i = 0; i < rows.Length; i++)
            CollectionAssert.AreEqual(a.Projections[i], b.Projections[i], $"row {i}");
    }

    [TestMethod]
    public void BadInputs_RaiseErrorsThatNameTheProblem()
    {
        float[][] good = MixedGaussian(n: 10, d: 4, seed: 7, offset: 0);

        var one = Assert.ThrowsExactly<ArgumentException>(() => PrincipalComponents.Fit([good[0]], 1));
        StringAssert.Contains(one.Message, "at least 2 rows");

        float[][] withNaN = good.Select(r => (float[])r.Clone()).ToArray();
        withNaN[3][2] = float.NaN;
        var nan = Assert.ThrowsExactly<ArgumentException>(() => PrincipalComponents.Fit(withNaN, 2));
        StringAssert.Contains(nan.Message, "Row 3 is NaN at index 2");

        float[][] withInfinity = good.Select(r => (float[])r.Clone()).ToArray();
        withInfinity[5][0] = float.PositiveInfinity;
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => PrincipalComponents.Fit(withInfinity, 2)).Message, "Row 5");

        var zero = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => PrincipalComponents.Fit(good, 0));
        StringAssert.Contains(zero.Message, "1 to min(D, N - 1) = 4");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => PrincipalComponents.Fit(good, 5));
        var fewRows = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => PrincipalComponents.Fit(good.Take(3).ToArray(), 3));
        StringAssert.Contains(fewRows.Message, "= 2 components");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => PrincipalComponents.Fit(good, 2, oversampling: -1));

        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => PrincipalComponents.Fit([[1f], [2f]], 1)).Message, "at least 2 dimensions");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => PrincipalComponents.Fit([good[0], good[1][..3]], 1)).Message, "Row 1 has 3 values");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => PrincipalComponents.Fit([good[0], good[0], good[0]], 1)).Message, "no variance");
        Assert.ThrowsExactly<ArgumentNullException>(() => PrincipalComponents.Fit([good[0], null!], 1));
    }

    private static (double[] Values, double[][] Vectors) ExactSpectrum(float[][] rows)
    {
        double[,] covariance = JacobiEigen.Covariance(rows, out _);
        var (values, vectors) = JacobiEigen.Decompose(covariance);
        // The reference itself: C v = λ v for every pair.
        int d = values.Length;
        for (int i = 0; i < d; i++)
        {
            for (int r = 0; r < d; r++)
            {
                double cv = 0;
                for (int c = 0; c < d; c++)
                    cv += covariance[r, c] * vectors[i][c];
                Assert.AreEqual(values[i] * vectors[i][r], cv, 1e-9 * Math.Max(1, values[0]), "Jacobi reference residual");
            }
        }

        return (values, vectors);
    }

    private static void AssertProjectionsMatch(float[][] rows, PrincipalComponents pca, double[][] vectors, double tolerance)
    {
        JacobiEigen.Covariance(rows, out double[] mean);
        for (int j = 0; j < pca.Components; j++)
        {
            // Eigenvectors are defined up to sign: align on the largest projection.
            double sign = 0;
            double scale = Math.Sqrt(pca.ExplainedVariance[j]);
            for (int i = 0; i < rows.Length; i++)
            {
                double exact = 0;
                for (int d = 0; d < mean.Length; d++)
                    exact += (rows[i][d] - mean[d]) * vectors[j][d];
                if (sign == 0 && Math.Abs(exact) > scale)
                    sign = Math.Sign(exact) * Math.Sign(pca.Projections[i][j]);
                if (sign != 0)
                    Assert.AreEqual(exact, sign * pca.Projections[i][j], tolerance * scale, $"row {i}, component {j}");
            }

            Assert.AreNotEqual(0.0, sign, $"component {j} never exceeded one standard deviation");
        }
    }

    private static float[][] MixedGaussian(int n, int d, int seed, double offset)
    {
        var random = new Random(seed);
        var mixing = new double[d, d];
        for (int a = 0; a < d; a++)
        {
            for (int b = 0; b < d; b++)
                mixing[a, b] = Gaussian(random) / (1 + b);
        }

        var rows = new float[n][];
        for (int i = 0; i < n; i++)
        {
            double[] z = Enumerable.Range(0, d).Select(_ => Gaussian(random)).ToArray();
            rows[i] = new float[d];
            for (int a = 0; a < d; a++)
            {
                double x = offset + a;
                for (int b = 0; b < d; b++)
                    x += mixing[a, b] * z[b];
                rows[i][a] = (float)x;
            }
        }

        return rows;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
