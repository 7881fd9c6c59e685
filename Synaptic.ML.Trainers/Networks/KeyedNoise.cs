using Synaptic.ML.Randomness;
using Synaptic.ML.Torch;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Uniform noise for rate codes whose draws are keyed by the input: row b of a batch gets the stream of
/// <see cref="SplitMix64.ForValues"/> (FNV-1a hash of the row's float bits ^ seed), so the same input always draws
/// the same spikes, whatever batch it is in — as <c>EncodeRate</c> does for a row. Used by the spiking policy's rate
/// encoding and the spiking image backbone.
/// </summary>
internal static class KeyedNoise
{
    /// <summary>Uniform [0, 1) draws [T, B, row] for <paramref name="rows"/> [B, ...], each row's T·row draws from its own stream.</summary>
    public static Tensor For(Tensor rows, int timeSteps, ulong seed = 0)
    {
        var batch = (int)rows.shape[0];
        var size = (int)(rows.numel() / batch);
        if (rows.dtype != ScalarType.Float32)
            throw new ArgumentException($"Keyed rate-code draws need float32 rows; these are {rows.dtype}.", nameof(rows));
        ReadOnlySpan<float> values = Tensors.Floats(rows.detach().contiguous());
        // Drawn straight into libtorch's own (aligned) memory: no managed copy of the [T, B, F] draws.
        var result = empty([timeSteps, .. rows.shape], dtype: ScalarType.Float32);
        var noise = Tensors.Floats(result);
        for (var b = 0; b < batch; b++)
        {
            var random = SplitMix64.ForValues(seed, values.Slice(b * size, size));
            for (var t = 0; t < timeSteps; t++)
            {
                var offset = (t * batch + b) * size;
                for (var i = 0; i < size; i++)
                    noise[offset + i] = random.NextSingle();
            }
        }
        return result;
    }
}
