using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Torch;

/// <summary>
/// Draws from a libtorch CPU <see cref="Generator"/> in managed code: the same numbers, in the same order, that
/// <c>torch.rand(shape, generator)</c> gives, with the generator left where <c>rand</c> leaves it.
/// </summary>
/// <remarks>
/// <para>
/// libtorch's CPU generator is a 32-bit Mersenne Twister (MT19937); <c>rand</c> of float32 takes one 32-bit output per
/// element, in memory order, and keeps its low 24 bits: u = (y &amp; 0xFFFFFF)·2⁻²⁴, exact in float32. libtorch does it
/// one element at a time (about 4.3 ns an element on a 2-core AMD EPYC, Zen 5: 10.8 ms for the [25, 128, 784] draws of a
/// rate-coded Fashion-MNIST minibatch), and the rate code then compares in another pass (6.3 ms). Here the twister runs
/// over its 624-word blocks in vectorised managed loops, writing the words into the caller's memory, and
/// <see cref="RateSpikes"/> turns them into spikes in place (2.7 ms in all, RateCodingDrawsBenchmarks).
/// </para>
/// <para>
/// The state goes through <c>Generator.get_state</c>/<c>set_state</c>: libtorch's serialised CPU state (its legacy
/// layout: the seed, <c>left</c>, <c>seeded</c>, <c>next</c>, the 624 words each widened to 64 bits, then normal-sample
/// fields this leaves as they are). A state of any other size is refused with its size named.
/// </para>
/// </remarks>
internal sealed class GeneratorDraws
{
    private const int N = 624;
    private const int M = 397;
    private const uint MatrixA = 0x9908b0df;
    private const uint UpperMask = 0x80000000;
    private const uint LowerMask = 0x7fffffff;

    // Offsets in libtorch's CPUGeneratorImplState (legacy_pod: uint64 seed, int left, int seeded, uint64 next, uint64 state[624], ...).
    private const int LeftOffset = 8;
    private const int NextOffset = 16;
    private const int StateOffset = 24;
    private const int StateSize = 5056;

    private readonly uint[] _state = new uint[N];
    private readonly byte[] _serialized;
    private int _left;
    private int _next;

    private GeneratorDraws(byte[] serialized)
    {
        _serialized = serialized;
        _left = BinaryPrimitives.ReadInt32LittleEndian(serialized.AsSpan(LeftOffset));
        _next = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(serialized.AsSpan(NextOffset)));
        for (var i = 0; i < N; i++)
            _state[i] = (uint)BinaryPrimitives.ReadUInt64LittleEndian(serialized.AsSpan(StateOffset + 8 * i));
    }

    /// <summary>Reads <paramref name="generator"/>'s state.</summary>
    /// <exception cref="NotSupportedException">The generator's serialised state is not libtorch's CPU layout.</exception>
    public static GeneratorDraws From(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        using var state = generator.get_state();
        var bytes = state.data<byte>().ToArray();
        if (bytes.Length != StateSize)
            throw new NotSupportedException($"The generator's state has {bytes.Length} bytes; managed draws know libtorch's CPU generator state of {StateSize} bytes.");
        return new GeneratorDraws(bytes);
    }

    /// <summary>Writes the state reached back into <paramref name="generator"/>, which then continues where these draws stopped.</summary>
    public void StoreInto(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        BinaryPrimitives.WriteInt32LittleEndian(_serialized.AsSpan(LeftOffset), _left);
        BinaryPrimitives.WriteUInt64LittleEndian(_serialized.AsSpan(NextOffset), (ulong)_next);
        for (var i = 0; i < N; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(_serialized.AsSpan(StateOffset + 8 * i), _state[i]);
        using var state = tensor(_serialized, dtype: ScalarType.Byte);
        generator.set_state(state);
    }

    /// <summary>
    /// A new [<paramref name="timeSteps"/>, ...] float32 tensor of the rate-coded spikes of <paramref name="probabilities"/>
    /// (<see cref="RateSpikes(ReadOnlySpan{float}, int, Span{float})"/>), drawn straight into its memory, with
    /// <paramref name="generator"/> moved on as <c>rand</c> would move it.
    /// </summary>
    public static Tensor RateSpikeTensor(Generator generator, ReadOnlySpan<float> probabilities, int timeSteps, params long[] shape)
    {
        var spikes = empty([timeSteps, .. shape], dtype: ScalarType.Float32);
        var draws = From(generator);
        draws.RateSpikes(probabilities, timeSteps, Tensors.Floats(spikes));
        draws.StoreInto(generator);
        return spikes;
    }

    /// <summary>The next draws of <c>rand</c>, in its order.</summary>
    public void Uniform(Span<float> destination)
    {
        var words = MemoryMarshal.Cast<float, uint>(destination);
        NextWords(words);
        for (var i = 0; i < words.Length; i++)
            destination[i] = ToUniform(words[i]);
    }

    /// <summary>
    /// Rate-coded spikes exactly as <c>SpikeGeneration.Rate(p, rand([T, ...p.shape], generator))</c> gives them:
    /// destination[t·P + i] = 1 when the t-th block's draw i is below clamp(p[i], 0, 1), else 0 (NaN never fires).
    /// </summary>
    public void RateSpikes(ReadOnlySpan<float> probabilities, int timeSteps, Span<float> destination)
    {
        var size = probabilities.Length;
        if (destination.Length != timeSteps * size)
            throw new ArgumentException($"The spikes need {timeSteps} × {size} = {timeSteps * size} values; the destination has {destination.Length}.", nameof(destination));
        // The words land in the destination's own memory and are turned into spikes in place.
        var words = MemoryMarshal.Cast<float, uint>(destination);
        NextWords(words);
        var mask = new Vector<uint>(0xFFFFFF);
        var scale = new Vector<float>(1f / (1 << 24));
        var one = Vector<float>.One;
        var width = Vector<uint>.Count;
        // clamp(p, 0, 1) by Max then Min: a NaN probability gives NaN or 0 there, and no draw is below either.
        for (var t = 0; t < timeSteps; t++)
        {
            var row = words.Slice(t * size, size);
            var spikes = destination.Slice(t * size, size);
            var i = 0;
            for (; i <= size - width; i += width)
            {
                var uniform = Vector.ConvertToSingle(new Vector<uint>(row.Slice(i)) & mask) * scale;
                var probability = Vector.Min(Vector.Max(new Vector<float>(probabilities.Slice(i)), Vector<float>.Zero), one);
                (Vector.LessThan(uniform, probability).As<int, float>() & one).CopyTo(spikes.Slice(i));
            }
            for (; i < size; i++)
                spikes[i] = ToUniform(row[i]) < Math.Clamp(probabilities[i], 0f, 1f) ? 1f : 0f;
        }
    }

    private static float ToUniform(uint word) => (word & 0xFFFFFF) * (1f / (1 << 24));

    /// <summary>The twister's next outputs, tempered, as libtorch's <c>mt19937::operator()</c> gives them one by one.</summary>
    private void NextWords(Span<uint> destination)
    {
        var width = Vector<uint>.Count;
        var done = 0;
        while (done < destination.Length)
        {
            // libtorch: each draw decrements left and twists when it reaches 0, then takes state[next++]. So left − 1
            // words are there before the next twist; a twist leaves 624 of them from next = 0.
            if (_left == 1)
            {
                Twist();
                _left = N + 1;
            }
            var take = Math.Min(_left - 1, destination.Length - done);
            var source = _state.AsSpan(_next, take);
            var target = destination.Slice(done, take);
            var i = 0;
            for (; i <= take - width; i += width)
                Temper(new Vector<uint>(source.Slice(i))).CopyTo(target.Slice(i));
            for (; i < take; i++)
                target[i] = Temper(source[i]);
            _next += take;
            _left -= take;
            done += take;
        }
    }

    private static uint Temper(uint y)
    {
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        return y ^ (y >> 18);
    }

    private static Vector<uint> Temper(Vector<uint> y)
    {
        y ^= Vector.ShiftRightLogical(y, 11);
        y ^= Vector.ShiftLeft(y, 7) & new Vector<uint>(0x9d2c5680);
        y ^= Vector.ShiftLeft(y, 15) & new Vector<uint>(0xefc60000);
        return y ^ Vector.ShiftRightLogical(y, 18);
    }

    /// <summary>MT19937's next 624 words (libtorch's <c>next_state</c>); left = 624, next = 0 after it.</summary>
    private void Twist()
    {
        var s = _state.AsSpan();
        var width = Vector<uint>.Count;
        var k = 0;
        // Each new word reads words k + 1 and k + M (not yet replaced) or k + M − N (replaced M − N = −227 words
        // earlier, more than a vector back), so a vector of words can be loaded whole before it is stored.
        for (; k <= N - M - width; k += width)
            Mix(new Vector<uint>(s.Slice(k)), new Vector<uint>(s.Slice(k + 1)), new Vector<uint>(s.Slice(k + M))).CopyTo(s.Slice(k));
        for (; k < N - M; k++)
            s[k] = Mix(s[k], s[k + 1], s[k + M]);
        for (; k <= N - 1 - width; k += width)
            Mix(new Vector<uint>(s.Slice(k)), new Vector<uint>(s.Slice(k + 1)), new Vector<uint>(s.Slice(k + M - N))).CopyTo(s.Slice(k));
        for (; k < N - 1; k++)
            s[k] = Mix(s[k], s[k + 1], s[k + M - N]);
        s[N - 1] = Mix(s[N - 1], s[0], s[M - 1]);
        _left = N;
        _next = 0;
    }

    private static uint Mix(uint word, uint following, uint distant)
    {
        var y = (word & UpperMask) | (following & LowerMask);
        return distant ^ (y >> 1) ^ ((0u - (y & 1)) & MatrixA);
    }

    private static Vector<uint> Mix(Vector<uint> word, Vector<uint> following, Vector<uint> distant)
    {
        var y = (word & new Vector<uint>(UpperMask)) | (following & new Vector<uint>(LowerMask));
        return distant ^ Vector.ShiftRightLogical(y, 1) ^ ((Vector<uint>.Zero - (y & Vector<uint>.One)) & new Vector<uint>(MatrixA));
    }
}
