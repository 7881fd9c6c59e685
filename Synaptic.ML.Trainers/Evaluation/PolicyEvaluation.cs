using System.Globalization;

namespace Synaptic.ML.Trainers;

/// <summary>The result of running a policy for a number of evaluation episodes.</summary>
/// <param name="Returns">Return of each episode, in episode order (episode j starts from seed + j).</param>
/// <param name="Lengths">Length of each episode.</param>
/// <param name="SuccessThreshold">The return an episode needs to count as a success, or null when none applies.</param>
public sealed record PolicyEvaluation(IReadOnlyList<double> Returns, IReadOnlyList<int> Lengths, double? SuccessThreshold)
{
    /// <summary>Number of episodes.</summary>
    public int Episodes => Returns.Count;

    /// <summary>Mean return.</summary>
    public double MeanReturn => Returns.Average();

    /// <summary>Population standard deviation of the returns (as Stable-Baselines3's <c>evaluate_policy</c>).</summary>
    public double StdReturn
    {
        get
        {
            var mean = MeanReturn;
            return Math.Sqrt(Returns.Sum(r => (r - mean) * (r - mean)) / Returns.Count);
        }
    }

    /// <summary>Mean episode length.</summary>
    public double MeanLength => Lengths.Average();

    /// <summary>Fraction of episodes whose return reached <see cref="SuccessThreshold"/>; NaN when there is no threshold.</summary>
    public double SuccessRate => SuccessThreshold is double threshold ? Returns.Count(r => r >= threshold) / (double)Returns.Count : double.NaN;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Episodes} episodes: return {MeanReturn:F2} ± {StdReturn:F2}, length {MeanLength:F1}") +
        (SuccessThreshold is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", success {SuccessRate * 100:F0}% (return ≥ {SuccessThreshold})"));
}
