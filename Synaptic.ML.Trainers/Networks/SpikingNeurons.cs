using Synaptic.ML.Neurons;
using Synaptic.ML.Neurons.Surrogates;

namespace Synaptic.ML.Trainers;

/// <summary>Builds the spiking layer a network description names (the spiking actor's and the spiking classifier's hidden layers).</summary>
internal static class SpikingNeurons
{
    /// <summary>
    /// A layer of <paramref name="kind"/> neurons; with <paramref name="recurrentFeatures"/> &gt; 0 its recurrent twin
    /// (all-to-all feedback of its own spikes; Leaky and Synaptic only).
    /// </summary>
    public static SpikingNeuron Create(SpikingNeuronKind kind, double alpha, double beta, double threshold, SurrogateGradient surrogate, int recurrentFeatures = 0)
    {
        SpikingNeuron neuron = (kind, recurrentFeatures > 0) switch
        {
            (SpikingNeuronKind.Synaptic, false) => new SynapticNeuron(alpha, beta, threshold, surrogate: surrogate),
            (SpikingNeuronKind.Synaptic, true) => new RSynaptic(alpha, beta, recurrentFeatures, threshold, surrogate: surrogate),
            (SpikingNeuronKind.Alpha, false) => new Alpha(alpha, beta, threshold, surrogate: surrogate),
            (SpikingNeuronKind.Alpha, true) => throw new NotSupportedException("Alpha neurons have no recurrent variant (snnTorch has none either)."),
            (_, false) => new Leaky(beta, threshold, surrogate: surrogate),
            (_, true) => new RLeaky(beta, recurrentFeatures, threshold, surrogate: surrogate),
        };
        neuron.ValidateInput = false;
        return neuron;
    }
}
