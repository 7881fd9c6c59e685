namespace Synaptic.ML.Neurons;

/// <summary>How a spiking neuron's membrane potential is reset after it fires.</summary>
public enum ResetMechanism
{
    /// <summary>Subtract the threshold from the membrane potential (reset by subtraction).</summary>
    Subtract,

    /// <summary>Set the membrane potential to zero (reset to zero).</summary>
    Zero,

    /// <summary>No reset: the neuron integrates freely and fires whenever it is above threshold.</summary>
    None,
}
