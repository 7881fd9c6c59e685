using Microsoft.ML;

namespace Synaptic.ML.Trainers;

/// <summary>Q-learning (Watkins, 1989): off-policy TD control, bootstrapping from the greedy value max Q(s′, ·).</summary>
public sealed class QLearningTrainer : TabularTrainer<QLearningTrainer.Options>
{
    internal QLearningTrainer(MLContext context, Options options) : base(context, options, nameof(QLearningTrainer))
    {
    }

    /// <summary>Options of <see cref="QLearningTrainer"/> (all in <see cref="TabularOptions"/>).</summary>
    public sealed class Options : TabularOptions;

    private protected override double Bootstrap(ReadOnlySpan<float> next, int nextAction, double epsilon) => next[QTablePolicy.Greedy(next)];
}
