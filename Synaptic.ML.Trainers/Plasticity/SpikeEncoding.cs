namespace Synaptic.ML.Trainers;

/// <summary>How a spiking agent's input neurons carry an observation into the population.</summary>
public enum SpikeEncoding
{
    /// <summary>Each input neuron spikes at every neuron step with probability rate·u (a Bernoulli spike train).</summary>
    Rate,

    /// <summary>Each input neuron carries the constant rate·u instead (the rate code's mean, without its spike noise).</summary>
    Current,
}
