namespace Synaptic.ML.Trainers;

/// <summary>How a spiking agent's input neurons carry an observation into the population.</summary>
public enum SpikeEncoding
{
    /// <summary>Each input neuron spikes at every neuron step with probability rate·u (a Bernoulli spike train).</summary>
    Rate,

    /// <summary>Each input neuron carries the constant rate·u instead (the rate code's mean, without its spike noise).</summary>
    Current,

    /// <summary>
    /// Population coding: each observation element drives M input neurons (<c>InputPopulationSize</c>) whose Gaussian
    /// tuning curves have centres j/(M − 1) spread over [0, 1] and widths 1/(M − 1); neuron j spikes at each step with
    /// probability rate·exp(−½·((u − j/(M − 1))·(M − 1))²).
    /// </summary>
    Population,
}
