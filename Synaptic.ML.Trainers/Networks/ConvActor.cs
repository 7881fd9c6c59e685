using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>The network of <see cref="ConvPolicyOptions"/>: flat grid observations [B, H·W·C] → outputs [B, out].</summary>
internal sealed class ConvActor : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Conv2d> _convolutions = new();
    private readonly Sequential _head;
    private readonly ConvPolicyOptions _options;

    public ConvActor(ConvPolicyOptions options, int outputSize, Generator generator) : base(nameof(ConvActor))
    {
        _options = options;
        var inputs = options.InputChannels;
        foreach (var filters in options.Filters)
        {
            _convolutions.Add(LayerInitialization.Conv(inputs, filters, options.KernelSize, options.Padding, generator));
            inputs = filters;
        }
        var (h, w) = options.OutputGrid();
        _head = LayerInitialization.Mlp(inputs * h * w, options.HiddenSizes, outputSize, HiddenActivation.ReLU, LayerInitialization.OutputGain, generator);
        RegisterComponents();
    }

    public override Tensor forward(Tensor observations)
    {
        var o = _options;
        var x = o.ChannelsLast
            ? observations.view(-1, o.Height, o.Width, o.InputChannels).permute(0, 3, 1, 2)
            : observations.view(-1, o.InputChannels, o.Height, o.Width);
        foreach (var convolution in _convolutions)
            x = nn.functional.relu(convolution.forward(x));
        return _head.forward(x.flatten(1));
    }
}
