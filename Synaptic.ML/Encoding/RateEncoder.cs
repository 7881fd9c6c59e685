using Synaptic.ML.Randomness;

namespace Synaptic.ML.Encoding;

/// <summary>
/// Rate (Poisson-like) coding as in snnTorch's <c>spikegen.rate</c>: at every time step each input
/// neuron spikes with probability clamp(gain·x + offset, 0, 1), independently.
/// </summary>
public static class RateEncoder
{
    /// <summary>Encodes one input vector into a [timeSteps, N] spike train.</summary>
    /// <param name="values">The N input values.</param>
    /// <param name="spikes">Output, row-major [timeSteps, N]: 1 for a spike, 0 otherwise.</param>
    /// <param name="timeSteps">Number of time steps T.</param>
    /// <param name="gain">Multiplies the input before clamping.</param>
    /// <param name="offset">Added after the gain, before clamping.</param>
    /// <param name="random">The generator the draws come from; advanced by T·N draws.</param>
    /// <exception cref="ArgumentException">Sizes disagree, or an input is NaN.</exception>
    public static void Encode(ReadOnlySpan<float> values, Span<float> spikes, int timeSteps, float gain, float offset, ref SplitMix64 random)
    {
        var n = values.Length;
        SpikeTrainShape.Check(spikes.Length, timeSteps, n, nameof(spikes));
        var nan = values.IndexOfAnyExceptInRange(float.NegativeInfinity, float.PositiveInfinity);
        if (nan >= 0)
            throw new ArgumentException($"Input element {nan} is NaN; rate coding needs a firing probability for every input.", nameof(values));

        // Thresholds (integers up to 2^24, exact in a float) wait in the last row of the output,
        // which the last step overwrites element by element after reading it: no scratch buffer.
        var thresholds = spikes.Slice((timeSteps - 1) * n, n);
        for (var i = 0; i < n; i++)
            thresholds[i] = Bernoulli.Threshold(gain * values[i] + offset);
        for (var t = 0; t < timeSteps; t++)
        {
            var row = spikes.Slice(t * n, n);
            for (var i = 0; i < n; i++)
                row[i] = Bernoulli.Draw(ref random, (long)thresholds[i]);
        }
    }
}
