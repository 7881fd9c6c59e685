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

    /// <summary>
    /// The backbone's forward with parameters passed in, for algorithms that differentiate through updated
    /// weights (MAML's inner loop): computes what the module from <c>Create</c> computes with these parameters.
    /// </summary>
    /// <param name="images">Images [B, 1, H, W].</param>
    /// <param name="parameters">
    /// Weight [C_out, C_in, K, K] and bias [C_out] of each convolution, first layer first, in the order of the
    /// module's <c>parameters()</c>.
    /// </param>
    /// <returns>Embeddings [B, D], on the autograd graph of <paramref name="parameters"/>.</returns>
    /// <exception cref="ArgumentException">The number of tensors is not two per convolution.</exception>
    public Tensor Forward(Tensor images, IReadOnlyList<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count != 2 * Channels.Length)
            throw new ArgumentException(
                $"{parameters.Count} parameter tensors were given; {this} has {Channels.Length} convolutions, each with a weight and a bias ({2 * Channels.Length} tensors).",
                nameof(parameters));
        var x = images;
        for (var l = 0; l < Channels.Length; l++)
        {
            var convolution = nn.functional.conv2d(x, parameters[2 * l], parameters[2 * l + 1], padding: [Padding, Padding]);
            x = nn.functional.max_pool2d(nn.functional.relu(convolution), 2);
        }
        return x.flatten(1);
    }

    internal override nn.Module<Tensor, Tensor> Create(int height, int width, Generator generator) => new ConvBackbone(this, generator);
}
