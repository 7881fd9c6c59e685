namespace Synaptic.ML.Trainers;

/// <summary>The buffers of a reward-modulated STDP agent's training loop: the observation, the scores, and the window rates x = c/T of this decision and the next (the critic's features).</summary>
internal sealed class DecisionWindow(int observationSize, int neurons, int actions)
{
    public float[] Observation { get; } = new float[observationSize];

    public double[] Scores { get; } = new double[actions];

    public float[] Features { get; private set; } = new float[neurons];

    public float[] NextFeatures { get; private set; } = new float[neurons];

    /// <summary>x = c/T.</summary>
    public void RatesInto(float[] destination, ReadOnlySpan<float> counts, int steps)
    {
        var scale = 1f / steps;
        for (var j = 0; j < destination.Length; j++)
            destination[j] = counts[j] * scale;
    }

    /// <summary>The next decision's features become this decision's.</summary>
    public void SwapFeatures() => (Features, NextFeatures) = (NextFeatures, Features);
}
