namespace Synaptic.ML.Trainers;

/// <summary>The neuron model of a spiking policy's hidden layers.</summary>
public enum SpikingNeuronKind
{
    /// <summary>First-order leaky integrate-and-fire (<see cref="Neurons.Leaky"/>, decay β).</summary>
    Leaky,

    /// <summary>Second-order with a synaptic current (<see cref="Neurons.SynapticNeuron"/>, decays α and β).</summary>
    Synaptic,

    /// <summary>Alpha-kernel neuron (<see cref="Neurons.Alpha"/>, decays α &gt; β).</summary>
    Alpha,
}
