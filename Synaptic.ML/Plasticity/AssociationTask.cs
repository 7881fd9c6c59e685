using Synaptic.ML.Randomness;

namespace Synaptic.ML.Plasticity;

/// <summary>
/// A stimulus–response association task for a <see cref="RewardAssociationNetwork"/>: P input patterns,
/// each a set of active inputs, and a target output per pattern that the network must learn to fire
/// from reward alone.
/// </summary>
/// <param name="Patterns">Pattern p's active input indices.</param>
/// <param name="Targets">Pattern p's target output.</param>
/// <param name="Seed">Seed of the training order.</param>
public sealed record AssociationTask(IReadOnlyList<int[]> Patterns, IReadOnlyList<int> Targets, ulong Seed)
{
    /// <summary>
    /// A random task: the inputs are shuffled and split into <paramref name="patternCount"/> disjoint
    /// patterns of ⌊N/P⌋ inputs; the targets are distinct outputs drawn at random when P ≤ M (a random
    /// one-to-one mapping), otherwise independent uniform draws.
    /// </summary>
    /// <param name="inputCount">Number of inputs N; at least <paramref name="patternCount"/>.</param>
    /// <param name="patternCount">Number of patterns P; positive.</param>
    /// <param name="outputCount">Number of outputs M; at least 2.</param>
    /// <param name="seed">Seed of the patterns, the mapping and the training order.</param>
    /// <returns>The task.</returns>
    public static AssociationTask Create(int inputCount, int patternCount, int outputCount, ulong seed)
    {
        if (patternCount <= 0)
            throw new ArgumentOutOfRangeException(nameof(patternCount), patternCount, "The task needs at least one pattern.");
        if (inputCount < patternCount)
            throw new ArgumentOutOfRangeException(nameof(inputCount), inputCount, $"Disjoint patterns need at least one input each; there are {patternCount} patterns.");
        if (outputCount < 2)
            throw new ArgumentOutOfRangeException(nameof(outputCount), outputCount, "The task needs at least two outputs to choose between.");
        var random = SplitMix64.ForStream(seed, 0);
        var inputs = Shuffled(inputCount, ref random);
        var size = inputCount / patternCount;
        var patterns = new int[patternCount][];
        for (var p = 0; p < patternCount; p++)
            patterns[p] = inputs[(p * size)..((p + 1) * size)];
        int[] targets;
        if (patternCount <= outputCount)
        {
            targets = Shuffled(outputCount, ref random)[..patternCount];
        }
        else
        {
            targets = new int[patternCount];
            for (var p = 0; p < patternCount; p++)
                targets[p] = random.NextInt(outputCount);
        }
        return new AssociationTask(patterns, targets, seed);
    }

    /// <summary>
    /// Trains <paramref name="network"/> for <paramref name="trials"/> rewarded trials, presenting the
    /// patterns in blocks that contain each pattern once in a random order (drawn from <see cref="Seed"/>).
    /// </summary>
    /// <param name="network">A network built for <see cref="Patterns"/>.</param>
    /// <param name="trials">Number of trials; ≥ 0.</param>
    /// <returns>Whether each trial's choice was the target, in order.</returns>
    public bool[] Train(RewardAssociationNetwork network, int trials)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (trials < 0)
            throw new ArgumentOutOfRangeException(nameof(trials), trials, "The number of trials cannot be negative.");
        network.CheckTargets(Targets);
        var random = SplitMix64.ForStream(Seed, 1);
        var hits = new bool[trials];
        int[] order = [];
        for (var k = 0; k < trials; k++)
        {
            var position = k % Patterns.Count;
            if (position == 0)
                order = Shuffled(Patterns.Count, ref random);
            var pattern = order[position];
            hits[k] = network.Trial(pattern, Targets[pattern]) == Targets[pattern];
        }
        return hits;
    }

    // Fisher–Yates shuffle of 0 … count−1.
    private static int[] Shuffled(int count, ref SplitMix64 random)
    {
        var values = new int[count];
        for (var i = 0; i < count; i++)
            values[i] = i;
        for (var i = count - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
        return values;
    }
}
