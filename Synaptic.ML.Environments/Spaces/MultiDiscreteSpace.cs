using Synaptic.ML.Randomness;

namespace Synaptic.ML.Environments;

/// <summary>A vector of independent discrete values, element i in [0, nvec[i]), as Gymnasium's <c>MultiDiscrete</c>.</summary>
public sealed class MultiDiscreteSpace : Space
{
    private readonly int[] _nvec;

    /// <summary>Creates MultiDiscrete(<paramref name="nvec"/>).</summary>
    /// <param name="nvec">Number of values of each element, each positive.</param>
    public MultiDiscreteSpace(params int[] nvec)
    {
        ArgumentNullException.ThrowIfNull(nvec);
        if (nvec.Length == 0 || nvec.Any(n => n <= 0))
            throw new ArgumentException($"MultiDiscrete needs positive counts; got [{string.Join(", ", nvec)}].", nameof(nvec));
        _nvec = (int[])nvec.Clone();
    }

    /// <summary>Number of values of each element.</summary>
    public ReadOnlySpan<int> Nvec => _nvec;

    /// <inheritdoc />
    public override int Size => _nvec.Length;

    /// <inheritdoc />
    public override void Sample(Span<float> value, ref SplitMix64 random)
    {
        for (var i = 0; i < _nvec.Length; i++)
            value[i] = random.NextInt(_nvec[i]);
    }

    /// <inheritdoc />
    protected override string? Why(ReadOnlySpan<float> value)
    {
        for (var i = 0; i < _nvec.Length; i++)
        {
            var v = value[i];
            if (float.IsNaN(v) || v != MathF.Floor(v) || v < 0 || v >= _nvec[i])
                return $"element {i} is {v}, not an integer in [0, {_nvec[i] - 1}]";
        }
        return null;
    }

    /// <inheritdoc />
    public override string ToString() => $"MultiDiscrete([{string.Join(", ", _nvec)}])";
}
