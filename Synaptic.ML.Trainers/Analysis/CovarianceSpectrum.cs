using System.Numerics.Tensors;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The two spectral moments of a sample covariance C that need no eigen-decomposition: its trace Σλ (the total
/// variance) and the trace of its square Σλ² (= ‖C‖<sub>F</sub>², C being symmetric), over the full spectrum.
/// </summary>
/// <remarks>
/// With X the centred rows (N × D), (N − 1)C = XᵀX, whose squared Frobenius norm equals that of the Gram matrix XXᵀ
/// (both are Σσ<sub>i</sub>⁴ over the singular values of X). The smaller of the two, D × D or N × N, is formed, so
/// the cost is O(N · D · min(N, D)) in double precision.
/// </remarks>
internal static class CovarianceSpectrum
{
    /// <summary>Computes Σλ and Σλ² of the sample covariance (divisor N − 1) of <paramref name="centred"/>.</summary>
    /// <param name="centred">N rows of D values, each minus the column mean.</param>
    /// <param name="dimension">D.</param>
    /// <returns>The total variance Σλ and Σλ².</returns>
    internal static (double Trace, double TraceOfSquare) Moments(double[][] centred, int dimension)
    {
        int n = centred.Length;
        double[][] vectors = centred;
        if (dimension < n)
        {
            // Columns of X, so that their dot products form XᵀX (D × D).
            vectors = new double[dimension][];
            for (int d = 0; d < dimension; d++)
            {
                var column = new double[n];
                for (int i = 0; i < n; i++)
                    column[i] = centred[i][d];
                vectors[d] = column;
            }
        }

        double trace = 0, frobenius = 0;
        for (int i = 0; i < vectors.Length; i++)
        {
            double diagonal = TensorPrimitives.Dot<double>(vectors[i], vectors[i]);
            trace += diagonal;
            frobenius += diagonal * diagonal;
            for (int j = i + 1; j < vectors.Length; j++)
            {
                double g = TensorPrimitives.Dot<double>(vectors[i], vectors[j]);
                frobenius += 2 * g * g;
            }
        }

        double scale = 1.0 / (n - 1);
        return (trace * scale, frobenius * scale * scale);
    }
}
