using Synaptic.ML.Neurons;
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
    private readonly SpikingConvBackboneOptions _options;

    public SpikingConvBackbone(SpikingConvBackboneOptions options, Generator generator) : base(nameof(SpikingConvBackbone))
    {
        _options = options;
        var inputs = 1;
        foreach (var channels in options.Channels)
        {
            _convolutions.Add(LayerInitialization.Conv(inputs, channels, options.KernelSize, options.Padding, generator));
            inputs = channels;
        }
        foreach (var neuron in options.CreateNeurons())
            _neurons.Add(neuron);
        RegisterComponents();
    }

    public override Tensor forward(Tensor images) => _options.Run(images, _neurons, (x, l) => _convolutions[l].forward(x));
}
