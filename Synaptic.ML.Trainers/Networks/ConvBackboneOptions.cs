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

    internal override nn.Module<Tensor, Tensor> Create(int height, int width, Generator generator) => new ConvBackbone(this, generator);
}
