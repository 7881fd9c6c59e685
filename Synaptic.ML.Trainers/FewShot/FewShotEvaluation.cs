using System.Globalization;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Few-shot accuracy in the standard protocol: the mean query accuracy over test episodes and its 95% confidence
/// interval (1.96 standard errors).
/// </summary>
/// <param name="Ways">N, classes per episode.</param>
/// <param name="Shots">K, support images per class.</param>
/// <param name="Queries">Q, query images per class.</param>
/// <param name="Accuracies">Query accuracy of each episode.</param>
public sealed record FewShotEvaluation(int Ways, int Shots, int Queries, IReadOnlyList<double> Accuracies)
{
    /// <summary>Number of episodes.</summary>
    public int Episodes => Accuracies.Count;

    /// <summary>Mean accuracy over the episodes.</summary>
    public double MeanAccuracy => Accuracies.Average();

    /// <summary>Half-width of the 95% confidence interval: 1.96 · sample standard deviation / √episodes.</summary>
    public double ConfidenceInterval95
    {
        get
        {
            if (Accuracies.Count < 2)
                return double.NaN;
            var mean = MeanAccuracy;
            var variance = Accuracies.Sum(a => (a - mean) * (a - mean)) / (Accuracies.Count - 1);
            return 1.96 * Math.Sqrt(variance / Accuracies.Count);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Ways}-way {Shots}-shot: {MeanAccuracy * 100:F2}% ± {ConfidenceInterval95 * 100:F2}% over {Episodes} episodes");
}
