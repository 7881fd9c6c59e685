using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>The artificial backbone: (conv → ReLU → 2×2 max-pool) per entry of <see cref="BackboneOptions.Channels"/>, flattened.</summary>
public sealed class ConvBackboneOptions : BackboneOptions
{
    internal const byte KindTag = 1;

    internal override byte Kind => KindTag;

    /// <inheritdoc/>
    public override string ToString() => $"ANN conv [{string.Join(", ", Channels)}] k{KernelSize}";

    /// <inheritdoc/>
    public override Tensor Forward(Tensor images, IReadOnlyList<Tensor> parameters)
    {
        CheckForwardArguments(images, parameters);
        var x = images;
        for (var l = 0; l < Channels.Length; l++)
            x = nn.functional.max_pool2d(nn.functional.relu(Convolve(x, parameters, l)), 2);
        return x.flatten(1);
    }

    internal override nn.Module<Tensor, Tensor> Create(int height, int width, Generator generator) => new ConvBackbone(this, generator);
}
