using Microsoft.ML;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Expected SARSA (van Seijen et al., 2009): bootstraps from the expectation of Q(s′, ·) under the ε-greedy
/// behaviour, (1 − ε)·max Q(s′, ·) + ε·mean Q(s′, ·) — SARSA's target without the variance of sampling a′.
/// </summary>
public sealed class ExpectedSarsaTrainer : TabularTrainer<ExpectedSarsaTrainer.Options>
{
    internal ExpectedSarsaTrainer(MLContext context, Options options) : base(context, options, nameof(ExpectedSarsaTrainer))
    {
    }

    /// <summary>Options of <see cref="ExpectedSarsaTrainer"/> (all in <see cref="TabularOptions"/>).</summary>
    public sealed class Options : TabularOptions;

    private protected override double Bootstrap(ReadOnlySpan<float> next, int nextAction, double epsilon)
    {
        double sum = 0;
        foreach (var q in next)
            sum += q;
        return (1 - epsilon) * next[QTablePolicy.Greedy(next)] + epsilon * sum / next.Length;
    }
}
