using System.Numerics;

namespace Synaptic.ML.Encoding;

/// <summary>
/// Delta modulation with the semantics of snnTorch's <c>spikegen.delta</c>: over a sequence
/// [T, N], a neuron spikes at step t when its input rose by at least <c>threshold</c> since step
/// t − 1, and (with off-spikes) emits −1 when it fell by at least <c>threshold</c>.
/// </summary>
public static class DeltaEncoder
{
    /// <summary>Encodes a [T, N] sequence into a [T, N] spike train.</summary>
    /// <param name="sequence">Row-major [T, N] input sequence.</param>
    /// <param name="spikes">Row-major [T, N] output; fully overwritten.</param>
    /// <param name="timeSteps">T.</param>
    /// <param name="threshold">Minimum change that makes a spike.</param>
    /// <param name="padding">
    /// True: step 0 is compared with itself (no spike at step 0). False: step 0 is compared with
    /// zeros, as in snnTorch's default.
    /// </param>
    /// <param name="offSpike">Emit −1 for falls of at least <paramref name="threshold"/>.</param>
    /// <exception cref="ArgumentException">The sizes disagree or an input is NaN.</exception>
    public static void Encode(ReadOnlySpan<float> sequence, Span<float> spikes, int timeSteps, float threshold, bool padding, bool offSpike)
    {
        if (timeSteps <= 0)
            throw new ArgumentOutOfRangeException(nameof(timeSteps), timeSteps, "The number of time steps must be positive.");
        if (sequence.Length % timeSteps != 0)
            throw new ArgumentException($"A sequence of {sequence.Length} values cannot be split into {timeSteps} time steps.", nameof(sequence));
        var n = sequence.Length / timeSteps;
        SpikeTrainShape.Check(spikes.Length, timeSteps, n, nameof(spikes));
        var nan = sequence.IndexOfAnyExceptInRange(float.NegativeInfinity, float.PositiveInfinity);
        if (nan >= 0)
            throw new ArgumentException($"Element {nan} (step {nan / n}, neuron {nan % n}) is NaN.", nameof(sequence));

        for (var t = 0; t < timeSteps; t++)
        {
            var current = sequence.Slice(t * n, n);
            var previous = t > 0 ? sequence.Slice((t - 1) * n, n) : padding ? current : default;
            Step(current, previous, spikes.Slice(t * n, n), threshold, offSpike);
        }
    }

    // One step, SIMD-wide: the comparisons become masks, so no data-dependent branch remains.
    private static void Step(ReadOnlySpan<float> current, ReadOnlySpan<float> previous, Span<float> row, float threshold, bool offSpike)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var up = new Vector<float>(threshold);
            var down = new Vector<float>(-threshold);
            for (; i <= current.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var before = previous.IsEmpty ? Vector<float>.Zero : new Vector<float>(previous[i..]);
                var change = new Vector<float>(current[i..]) - before;
                var spike = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(change, up), Vector<float>.One, Vector<float>.Zero);
                if (offSpike)
                    spike -= Vector.ConditionalSelect(Vector.LessThanOrEqual(change, down), Vector<float>.One, Vector<float>.Zero);
                spike.CopyTo(row[i..]);
            }
        }
        for (; i < current.Length; i++)
        {
            var change = current[i] - (previous.IsEmpty ? 0f : previous[i]);
            row[i] = change >= threshold ? 1f : offSpike && change <= -threshold ? -1f : 0f;
        }
    }
}
