using Synaptic.ML.Randomness;

namespace Synaptic.ML.Encoding;

/// <summary>
/// Population coding with Gaussian receptive fields (Bohte, Kok and La Poutré, 2002): each input
/// dimension is seen by K neurons whose preferred values are evenly spaced over [min, max]; a
/// neuron's response to x is exp(−(x − c)² / (2σ²)), with σ = width · (max − min)/(K − 1).
/// The response becomes spikes by rate coding (Bernoulli per step) or latency coding (one spike,
/// earlier for stronger responses).
/// </summary>
public static class PopulationEncoder
{
    /// <summary>Receptive-field response of neuron <paramref name="k"/> of <paramref name="neuronsPerInput"/> to <paramref name="x"/>.</summary>
    /// <param name="x">The input value.</param>
    /// <param name="k">Neuron index in [0, K).</param>
    /// <param name="neuronsPerInput">K, at least 2.</param>
    /// <param name="min">Preferred value of neuron 0.</param>
    /// <param name="max">Preferred value of neuron K − 1.</param>
    /// <param name="width">σ in units of the spacing between preferred values.</param>
    /// <returns>The response in (0, 1].</returns>
    public static float Response(float x, int k, int neuronsPerInput, float min, float max, float width)
    {
        var spacing = (max - min) / (neuronsPerInput - 1);
        var sigma = width * spacing;
        var d = x - (min + k * spacing);
        return MathF.Exp(-d * d / (2f * sigma * sigma));
    }

    /// <summary>Encodes N inputs into a [T, N·K] spike train; neuron n·K + k sees input n.</summary>
    /// <param name="values">The N inputs; values outside [min, max] are allowed (edge neurons respond).</param>
    /// <param name="spikes">Row-major [T, N·K] output; fully overwritten.</param>
    /// <param name="parameters">The encoder's parameters.</param>
    /// <param name="random">Source of the Bernoulli draws in rate mode (unused in latency mode).</param>
    /// <exception cref="ArgumentException">Sizes disagree or an input is NaN or infinite.</exception>
    public static void Encode(ReadOnlySpan<float> values, Span<float> spikes, PopulationParameters parameters, ref SplitMix64 random)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var k = parameters.NeuronsPerInput;
        var width = values.Length * k;
        var steps = parameters.TimeSteps;
        SpikeTrainShape.Check(spikes.Length, steps, width, nameof(spikes));
        var bad = values.IndexOfAnyExceptInRange(float.MinValue, float.MaxValue);
        if (bad >= 0)
            throw new ArgumentException($"Element {bad} is {values[bad]}; population coding needs finite inputs.", nameof(values));

        spikes.Clear();
        for (var i = 0; i < values.Length; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var response = Response(values[i], j, k, parameters.Min, parameters.Max, parameters.Width);
                var neuron = i * k + j;
                if (parameters.Coding == PopulationCoding.Latency)
                {
                    // One spike at round((1 − r)·(T − 1)); weak responses stay silent.
                    if (response >= parameters.MinResponse)
                        spikes[(int)MathF.Round((1f - response) * (steps - 1)) * width + neuron] = 1f;
                    continue;
                }
                var threshold = Bernoulli.Threshold(parameters.MaxProbability * response);
                for (var t = 0; t < steps; t++)
                    spikes[t * width + neuron] = Bernoulli.Draw(ref random, threshold);
            }
        }
    }
}
