using Microsoft.ML;

namespace Synaptic.ML.Trainers;

/// <summary>SARSA (Rummery and Niranjan, 1994): on-policy TD control, bootstrapping from Q(s′, a′) of the action a′ the ε-greedy behaviour takes next.</summary>
public sealed class SarsaTrainer : TabularTrainer<SarsaTrainer.Options>
{
    internal SarsaTrainer(MLContext context, Options options) : base(context, options, nameof(SarsaTrainer))
    {
    }

    /// <summary>Options of <see cref="SarsaTrainer"/> (all in <see cref="TabularOptions"/>).</summary>
    public sealed class Options : TabularOptions;

    private protected override double Bootstrap(ReadOnlySpan<float> next, int nextAction, double epsilon) => next[nextAction];
}
