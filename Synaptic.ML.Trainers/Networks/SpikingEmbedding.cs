namespace Synaptic.ML.Trainers;

/// <summary>What a spiking backbone's embedding is made of.</summary>
public enum SpikingEmbedding
{
    /// <summary>Spike counts of the last layer over the time steps.</summary>
    SpikeCounts,

    /// <summary>Mean membrane potential of the last layer over the time steps.</summary>
    MeanMembrane,
}
