namespace Synaptic.ML.Tests.Analysis;

/// <summary>
/// An exact reference for PCA tests, independent of ML.NET: the sample covariance (divisor N − 1) in double
/// precision and its eigen-decomposition by cyclic Jacobi rotations (Golub &amp; Van Loan §8.5), eigenvalues sorted
/// largest first with their unit eigenvectors.
/// </summary>
internal static class JacobiEigen
{
    public static double[,] Covariance(IReadOnlyList<float[]> rows, out double[] mean)
    {
        int n = rows.Count, d = rows[0].Length;
        mean = new double[d];
        foreach (float[] row in rows)
        {
            for (int j = 0; j < d; j++)
                mean[j] += row[j];
        }

        for (int j = 0; j < d; j++)
            mean[j] /= n;
        var c = new double[d, d];
        foreach (float[] row in rows)
        {
            for (int a = 0; a < d; a++)
            {
                for (int b = 0; b < d; b++)
                    c[a, b] += (row[a] - mean[a]) * (row[b] - mean[b]);
            }
        }

        for (int a = 0; a < d; a++)
        {
            for (int b = 0; b < d; b++)
                c[a, b] /= n - 1;
        }

        return c;
    }

    /// <summary>Eigenvalues (descending) and eigenvectors (vectors[i] belongs to values[i]) of a symmetric matrix.</summary>
    public static (double[] Values, double[][] Vectors) Decompose(double[,] symmetric)
    {
        int d = symmetric.GetLength(0);
        var a = (double[,])symmetric.Clone();
        var v = new double[d, d];
        for (int i = 0; i < d; i++)
            v[i, i] = 1;

        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0;
            for (int p = 0; p < d; p++)
            {
                for (int q = p + 1; q < d; q++)
                    off += a[p, q] * a[p, q];
            }

            if (off < 1e-30)
                break;
            for (int p = 0; p < d; p++)
            {
                for (int q = p + 1; q < d; q++)
                {
                    if (Math.Abs(a[p, q]) < 1e-300)
                        continue;
                    // Rotation angle that zeroes a[p, q]: tan 2θ = 2a_pq / (a_qq − a_pp).
                    double theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < d; k++)
                    {
                        double akp = a[k, p], akq = a[k, q];
                        a[k, p] = c * akp - s * akq;
                        a[k, q] = s * akp + c * akq;
                    }

                    for (int k = 0; k < d; k++)
                    {
                        double apk = a[p, k], aqk = a[q, k];
                        a[p, k] = c * apk - s * aqk;
                        a[q, k] = s * apk + c * aqk;
                    }

                    for (int k = 0; k < d; k++)
                    {
                        double vkp = v[k, p], vkq = v[k, q];
                        v[k, p] = c * vkp - s * vkq;
                        v[k, q] = s * vkp + c * vkq;
                    }
                }
            }
        }

        int[] order = Enumerable.Range(0, d).OrderByDescending(i => a[i, i]).ToArray();
        double[] values = order.Select(i => a[i, i]).ToArray();
        double[][] vectors = order.Select(i => Enumerable.Range(0, d).Select(k => v[k, i]).ToArray()).ToArray();
        return (values, vectors);
    }
}
