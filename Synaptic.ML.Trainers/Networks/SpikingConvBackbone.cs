using Synaptic.ML.Neurons;
using Synaptic.ML.Neurons.Surrogates;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The spiking backbone of <see cref="SpikingConvBackboneOptions"/>: images [B, 1, H, W] with pixels in [0, 1]
/// → rate-coded spikes [T, B, 1, H, W] → (conv → max-pool → Leaky) per layer → embeddings [B, D].
/// </summary>
/// <remarks>
/// The stack steps once per time step, as snnTorch's loop does: running each convolution once over all T·B
/// inputs of its layer computes the same values but measured slower here (libtorch's CPU convolutions are
/// faster on batches of B than of T·B).
/// </remarks>
internal sealed class SpikingConvBackbone : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Conv2d> _convolutions = new();
    private readonly ModuleList<Leaky> _neurons = new();
    private readonly int _timeSteps;
    private readonly SpikingEmbedding _embedding;
    private readonly ulong _seed;

    public SpikingConvBackbone(SpikingConvBackboneOptions options, Generator generator) : base(nameof(SpikingConvBackbone))
    {
        _timeSteps = options.TimeSteps;
        _embedding = options.Embedding;
        _seed = options.EncodingSeed;
        var surrogate = new FastSigmoid(options.SurrogateSlope);
        var inputs = 1;
        foreach (var channels in options.Channels)
        {
            _convolutions.Add(LayerInitialization.Conv(inputs, channels, options.KernelSize, options.Padding, generator));
            _neurons.Add(new Leaky(options.Beta, options.Threshold, surrogate: surrogate) { ValidateInput = false });
            inputs = channels;
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor images)
    {
        var spikes = RateCode(images);   // [T, B, 1, H, W]
        foreach (var neuron in _neurons)
            neuron.ResetState();
        var output = _neurons[^1];
        Tensor? sum = null;
        for (var t = 0; t < _timeSteps; t++)
        {
            var x = spikes[t];
            for (var l = 0; l < _convolutions.Count; l++)
                x = _neurons[l].forward(nn.functional.max_pool2d(_convolutions[l].forward(x), 2));
            var term = _embedding == SpikingEmbedding.SpikeCounts ? x : output.Membrane!;
            sum = sum is null ? term : sum + term;
        }
        var embedding = _embedding == SpikingEmbedding.SpikeCounts ? sum! : sum! / _timeSteps;
        return embedding.flatten(1);
    }

    /// <summary>Bernoulli spikes with probability = pixel, drawn from a stream keyed by the image's pixels and the seed.</summary>
    private Tensor RateCode(Tensor images)
    {
        using var uniform = KeyedNoise.For(images, _timeSteps, _seed);
        return SpikeGeneration.Rate(images, uniform);
    }
}
