namespace Synaptic.ML.Trainers;

/// <summary>How a spiking policy's output layer gives the action distribution's parameters.</summary>
public enum SpikingReadout
{
    /// <summary>Mean membrane potential of non-resetting output neurons over the time steps.</summary>
    MeanMembrane,

    /// <summary>Spike counts of the output neurons over the time steps.</summary>
    SpikeCount,
}
