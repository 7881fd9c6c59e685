using static TorchSharp.torch;

namespace Synaptic.ML.Neurons;

/// <summary>
/// The output layer's recording from <see cref="SpikingSequential"/>: spikes and membrane potential at every
/// time step, time-first ([T, B, N]), with the usual rate and membrane decoders.
/// </summary>
/// <param name="Spikes">S[t] of the last layer, shape [T, B, N].</param>
/// <param name="Membrane">U[t] of the last layer, shape [T, B, N].</param>
public sealed record SpikingOutput(Tensor Spikes, Tensor Membrane)
{
    /// <summary>Spike-count (rate) decoding: Σ_t S[t], shape [B, N]; differentiable through the surrogate.</summary>
    /// <returns>The spike count of every output neuron.</returns>
    public Tensor SpikeCounts() => Spikes.sum(dim: 0L);

    /// <summary>Rate decoding: spikes per time step, Σ_t S[t] / T, shape [B, N]; differentiable through the surrogate.</summary>
    /// <returns>The firing rate of every output neuron.</returns>
    public Tensor SpikeRates() => Spikes.mean([0L]);

    /// <summary>Membrane decoding: the mean potential over time, Σ_t U[t] / T, shape [B, N].</summary>
    /// <returns>The mean membrane potential of every output neuron.</returns>
    public Tensor MeanMembrane() => Membrane.mean([0L]);

    /// <summary>The class of every sample by spike count: argmax over neurons of Σ_t S[t], shape [B].</summary>
    /// <returns>The index of the most active output neuron (the first one on ties).</returns>
    public Tensor PredictedClasses()
    {
        using var counts = SpikeCounts();
        return counts.argmax(-1);
    }

    /// <summary>Membrane decoding: the potential at the last step, U[T − 1], shape [B, N].</summary>
    /// <returns>The final membrane potential.</returns>
    public Tensor FinalMembrane() => Membrane[-1];

    /// <summary>Membrane decoding: the peak potential over time, max_t U[t], shape [B, N].</summary>
    /// <returns>The maximum membrane potential of every output neuron.</returns>
    public Tensor MaxMembrane() => Membrane.max(dim: 0L).values;
}
