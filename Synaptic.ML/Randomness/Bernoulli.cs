using System.Runtime.CompilerServices;

namespace Synaptic.ML.Randomness;

/// <summary>
/// Branch-free Bernoulli draws from <see cref="SplitMix64"/>. A spike train's draws are coin flips
/// with probabilities near ½ that a branch predictor cannot learn; comparing the generator's top
/// 24 bits with an integer threshold and taking the sign bit avoids the misprediction, which is
/// most of the cost of <c>u &lt; p ? 1 : 0</c>. The outcome equals <c>NextSingle() &lt; p</c> exactly.
/// </summary>
public static class Bernoulli
{
    private const float Scale = 1 << 24;

    /// <summary>The integer threshold of probability <paramref name="p"/> (clamped to [0, 1]).</summary>
    /// <param name="p">The probability; values outside [0, 1] mean never or always.</param>
    /// <returns>⌈clamp(p)·2²⁴⌉: a 24-bit draw u spikes when u is below it.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Threshold(float p) => (long)MathF.Ceiling(MathF.Min(MathF.Max(p, 0f), 1f) * Scale);

    /// <summary>1 with the probability encoded by <paramref name="threshold"/>, otherwise 0.</summary>
    /// <param name="random">The generator; advanced by one draw.</param>
    /// <param name="threshold">From <see cref="Threshold"/>.</param>
    /// <returns>1f or 0f.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Draw(ref SplitMix64 random, long threshold) =>
        (float)((ulong)((long)(random.NextUInt64() >> 40) - threshold) >> 63);
}
