using Synaptic.ML.Randomness;

namespace Synaptic.ML.Environments;

/// <summary>
/// A box of real vectors low ≤ x ≤ high (element-wise; bounds may be infinite), as Gymnasium's
/// <c>Box</c> with dtype float32.
/// </summary>
public sealed class BoxSpace : Space
{
    private readonly float[] _low;
    private readonly float[] _high;

    /// <summary>Creates a box with per-element bounds.</summary>
    /// <param name="low">Lower bounds.</param>
    /// <param name="high">Upper bounds, same length, each ≥ its lower bound.</param>
    /// <param name="shape">Shape of a value; defaults to [length].</param>
    public BoxSpace(float[] low, float[] high, int[]? shape = null)
    {
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        if (low.Length != high.Length || low.Length == 0)
            throw new ArgumentException($"Box bounds must be non-empty and of one length; low has {low.Length}, high {high.Length}.");
        for (var i = 0; i < low.Length; i++)
        {
            if (float.IsNaN(low[i]) || float.IsNaN(high[i]) || low[i] > high[i])
                throw new ArgumentException($"Box bound {i} is [{low[i]}, {high[i]}]; it must be an interval.");
        }
        Shape = shape ?? [low.Length];
        if (Shape.Aggregate(1, (a, b) => a * b) != low.Length)
            throw new ArgumentException($"Shape [{string.Join(", ", Shape)}] does not hold {low.Length} values.");
        _low = (float[])low.Clone();
        _high = (float[])high.Clone();
    }

    /// <summary>Creates a box with the same bounds for all <paramref name="size"/> elements.</summary>
    /// <param name="low">Lower bound.</param>
    /// <param name="high">Upper bound.</param>
    /// <param name="size">Number of elements.</param>
    public BoxSpace(float low, float high, int size)
        : this(Enumerable.Repeat(low, size).ToArray(), Enumerable.Repeat(high, size).ToArray())
    {
    }

    /// <summary>Lower bounds.</summary>
    public ReadOnlySpan<float> Low => _low;

    /// <summary>Upper bounds.</summary>
    public ReadOnlySpan<float> High => _high;

    /// <summary>Shape of a value.</summary>
    public int[] Shape { get; }

    /// <inheritdoc />
    public override int Size => _low.Length;

    /// <summary>
    /// Uniform within finite bounds; for unbounded elements Gymnasium's choice: a standard normal,
    /// or an exponential shifted from the finite side.
    /// </summary>
    public override void Sample(Span<float> value, ref SplitMix64 random)
    {
        for (var i = 0; i < Size; i++)
        {
            double low = _low[i], high = _high[i];
            var u = random.NextDouble();
            value[i] = (float)(double.IsFinite(low) && double.IsFinite(high) ? low + (high - low) * u
                : double.IsFinite(low) ? low - Math.Log(1 - u)
                : double.IsFinite(high) ? high + Math.Log(1 - u)
                : Normal(ref random));
        }
    }

    /// <inheritdoc />
    protected override string? Why(ReadOnlySpan<float> value)
    {
        for (var i = 0; i < Size; i++)
        {
            if (float.IsNaN(value[i]))
                return $"element {i} is NaN";
            if (value[i] < _low[i] || value[i] > _high[i])
                return $"element {i} is {value[i]}, not in [{_low[i]}, {_high[i]}]";
        }
        return null;
    }

    /// <inheritdoc />
    public override string ToString() =>
        _low.Distinct().Count() == 1 && _high.Distinct().Count() == 1
            ? $"Box({_low[0]}, {_high[0]}, ({string.Join(", ", Shape)},))"
            : $"Box([{string.Join(", ", _low)}], [{string.Join(", ", _high)}])";

    private static double Normal(ref SplitMix64 random)
    {
        // Box–Muller; the second variate is dropped to keep one draw per call simple.
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
