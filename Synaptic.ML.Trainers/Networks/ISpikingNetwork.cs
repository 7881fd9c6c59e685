namespace Synaptic.ML.Trainers;

/// <summary>
/// A network of spiking layers whose spikes a <see cref="SpikeMonitor"/> can count during training (the spiking actor,
/// also the body of a spiking Q-network, and the spiking classifier's network).
/// </summary>
internal interface ISpikingNetwork
{
    /// <summary>Layers of spiking neurons, the output neurons included.</summary>
    int SpikingLayers { get; }

    /// <summary>The monitor that counts the spikes of the forward passes, or null (the default) for none.</summary>
    SpikeMonitor? Monitor { get; set; }
}
