using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>The artificial backbone of <see cref="ConvBackboneOptions"/>: images [B, 1, H, W] → embeddings [B, D].</summary>
internal sealed class ConvBackbone : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Conv2d> _convolutions = new();

    public ConvBackbone(ConvBackboneOptions options, Generator generator) : base(nameof(ConvBackbone))
    {
        var inputs = 1;
        foreach (var channels in options.Channels)
        {
            _convolutions.Add(LayerInitialization.Conv(inputs, channels, options.KernelSize, options.Padding, generator));
            inputs = channels;
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor images)
    {
        var x = images;
        foreach (var convolution in _convolutions)
            x = nn.functional.max_pool2d(nn.functional.relu(convolution.forward(x)), 2);
        return x.flatten(1);
    }
}
