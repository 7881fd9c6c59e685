namespace Synaptic.ML.Encoding;

/// <summary>What <see cref="RateDecoder"/> returns per neuron.</summary>
public enum SpikeCountOutput
{
    /// <summary>Spikes per time step, in [0, 1] for on-spikes.</summary>
    Rate,

    /// <summary>Total number of spikes.</summary>
    Count,
}

/// <summary>Turns a [T, N] spike train back into N spike counts or firing rates.</summary>
public static class RateDecoder
{
    /// <summary>Sums each neuron's spikes over time.</summary>
    /// <param name="spikes">Row-major [T, N] spike train (off-spikes of −1 count negatively).</param>
    /// <param name="output">N counts or rates.</param>
    /// <param name="timeSteps">T.</param>
    /// <param name="mode">Counts or rates (counts / T).</param>
    /// <exception cref="ArgumentException">The sizes disagree.</exception>
    public static void Decode(ReadOnlySpan<float> spikes, Span<float> output, int timeSteps, SpikeCountOutput mode)
    {
        var n = output.Length;
        SpikeTrainShape.Check(spikes.Length, timeSteps, n, nameof(spikes));
        output.Clear();
        for (var t = 0; t < timeSteps; t++)
            System.Numerics.Tensors.TensorPrimitives.Add(output, spikes.Slice(t * n, n), output);
        if (mode == SpikeCountOutput.Rate)
            System.Numerics.Tensors.TensorPrimitives.Multiply(output, 1f / timeSteps, output);
    }
}
