using Synaptic.ML.Randomness;

namespace Synaptic.ML.Environments;

/// <summary>The integers {start, …, start + n − 1}, as Gymnasium's <c>Discrete(n, start)</c>.</summary>
public sealed class DiscreteSpace : Space
{
    /// <summary>Creates Discrete(<paramref name="n"/>, <paramref name="start"/>).</summary>
    /// <param name="n">Number of values, positive.</param>
    /// <param name="start">Smallest value.</param>
    public DiscreteSpace(int n, int start = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        N = n;
        Start = start;
    }

    /// <summary>Number of values.</summary>
    public int N { get; }

    /// <summary>Smallest value.</summary>
    public int Start { get; }

    /// <inheritdoc />
    public override int Size => 1;

    /// <summary>Whether the integer <paramref name="value"/> is in the space.</summary>
    /// <param name="value">An integer.</param>
    /// <returns>True when start ≤ value &lt; start + n.</returns>
    public bool Contains(int value) => value >= Start && value < Start + N;

    /// <inheritdoc />
    public override void Sample(Span<float> value, ref SplitMix64 random) => value[0] = Start + random.NextInt(N);

    /// <inheritdoc />
    protected override string? Why(ReadOnlySpan<float> value)
    {
        var v = value[0];
        if (float.IsNaN(v) || v != MathF.Floor(v))
            return $"{v} is not an integer";
        return v < Start || v >= Start + N ? $"{v} is not in [{Start}, {Start + N - 1}]" : null;
    }

    /// <inheritdoc />
    public override string ToString() => Start == 0 ? $"Discrete({N})" : $"Discrete({N}, start={Start})";
}
