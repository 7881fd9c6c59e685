using System.Runtime.CompilerServices;

namespace Synaptic.ML.Randomness;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny, fast generator whose stream is fixed by its
/// seed on every platform and runtime, unlike <see cref="System.Random"/>'s unseeded paths.
/// <see cref="ForStream"/> derives independent streams from a (seed, stream) pair, which is how
/// per-stream randomness stays the same whichever order or thread it is drawn in; <see cref="ForValues"/> keys a
/// stream by the values it is drawn for.
/// </summary>
public struct SplitMix64
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;
    private ulong _state;

    /// <summary>Creates a generator from a seed, or restores one from its <see cref="State"/>.</summary>
    /// <param name="seed">Any 64-bit value; a generator's <see cref="State"/> continues its stream exactly.</param>
    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>
    /// The generator's whole state, for checkpoints: <c>new SplitMix64(g.State)</c> draws exactly the
    /// values <c>g</c> would draw next.
    /// </summary>
    public readonly ulong State => _state;

    /// <summary>A generator for stream <paramref name="stream"/> (e.g. a row position) of <paramref name="seed"/>.</summary>
    /// <param name="seed">The component's seed.</param>
    /// <param name="stream">The stream index.</param>
    /// <returns>A generator whose output is a pure function of both arguments.</returns>
    public static SplitMix64 ForStream(ulong seed, ulong stream) => new(Mix(seed ^ Mix(stream + Gamma)));

    /// <summary>
    /// A generator keyed by the values it is drawn for: SplitMix64(FNV-1a hash of the values' 32-bit patterns ^
    /// <paramref name="seed"/>). The same values give the same draws wherever they sit (any row, batch, order or
    /// thread); the spike encoders and the spiking networks' rate codes key their draws with it.
    /// </summary>
    /// <param name="seed">The component's seed.</param>
    /// <param name="values">The values (e.g. one row or observation); their bit patterns are hashed, so −0 and 0 differ.</param>
    /// <returns>A generator whose output is a pure function of both arguments.</returns>
    public static SplitMix64 ForValues(ulong seed, ReadOnlySpan<float> values)
    {
        // FNV-1a over the float bit patterns, one 32-bit word per step.
        var hash = 0xCBF29CE484222325UL;
        foreach (var v in values)
            hash = (hash ^ BitConverter.SingleToUInt32Bits(v)) * 0x100000001B3UL;
        return new(hash ^ seed);
    }

    /// <summary>Moves the stream on by <paramref name="count"/> draws of <see cref="NextUInt64"/> at once (each <c>Next…</c> call is one draw).</summary>
    /// <param name="count">Draws to skip.</param>
    public void Skip(ulong count) => _state += count * Gamma;

    /// <summary>The next 64 uniformly distributed bits.</summary>
    /// <returns>A pseudo-random 64-bit value.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        _state += Gamma;
        return Mix(_state);
    }

    /// <summary>A float uniformly distributed on [0, 1) with 24 bits of resolution.</summary>
    /// <returns>A value in [0, 1).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NextSingle() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>A double uniformly distributed on [0, 1) with 53 bits of resolution.</summary>
    /// <returns>A value in [0, 1).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>An integer uniformly distributed on [0, <paramref name="count"/>) (Lemire's multiply-shift, negligible bias).</summary>
    /// <param name="count">Number of outcomes, positive.</param>
    /// <returns>A value in [0, count).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextInt(int count) => (int)(((NextUInt64() >> 32) * (ulong)count) >> 32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
