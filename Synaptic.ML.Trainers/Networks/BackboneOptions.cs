using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Describes an image embedding network for few-shot learning: <see cref="SpikingConvBackboneOptions"/> (a
/// spiking convolutional feature extractor) or <see cref="ConvBackboneOptions"/> (its artificial twin). Both are
/// conv → nonlinearity → max-pool, twice, flattened. The description is saved with the model.
/// </summary>
public abstract class BackboneOptions : NetworkOptions
{
    private protected BackboneOptions()
    {
    }

    /// <summary>Output channels of the two convolutions. Default [16, 32].</summary>
    public int[] Channels { get; set; } = [16, 32];

    /// <summary>Square kernel size of the convolutions. Default 5.</summary>
    public int KernelSize { get; set; } = 5;

    /// <summary>Zero padding of each convolution. Default 0 (28×28 images give a 32×4×4 = 512-value embedding).</summary>
    public int Padding { get; set; }

    /// <summary>The embedding size for images of <paramref name="height"/> × <paramref name="width"/>.</summary>
    /// <param name="height">Image height.</param>
    /// <param name="width">Image width.</param>
    /// <returns>Values per embedding.</returns>
    /// <exception cref="ArgumentException">The images are too small for the convolutions and pools.</exception>
    public int EmbeddingSize(int height, int width) => ConvolutionPoolShape.OutputSize(Channels, KernelSize, Padding, height, width);

    /// <summary>
    /// The backbone's forward with parameters passed in, for algorithms that differentiate through updated
    /// weights (MAML's inner loop): computes what the module the backbone is built as computes with these
    /// parameters, on their autograd graph.
    /// </summary>
    /// <param name="images">Images [B, 1, H, W].</param>
    /// <param name="parameters">
    /// Weight [C_out, C_in, K, K] and bias [C_out] of each convolution, first layer first, in the order of the
    /// module's <c>parameters()</c>.
    /// </param>
    /// <returns>Embeddings [B, D].</returns>
    /// <exception cref="ArgumentException">The number of tensors is not two per convolution.</exception>
    public abstract Tensor Forward(Tensor images, IReadOnlyList<Tensor> parameters);

    internal abstract nn.Module<Tensor, Tensor> Create(int height, int width, Generator generator);

    /// <summary>Checks the arguments of <see cref="Forward"/>: two tensors per convolution.</summary>
    private protected void CheckForwardArguments(Tensor images, IReadOnlyList<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count != 2 * Channels.Length)
            throw new ArgumentException(
                $"{parameters.Count} parameter tensors were given; {this} has {Channels.Length} convolutions, each with a weight and a bias ({2 * Channels.Length} tensors).",
                nameof(parameters));
    }

    /// <summary>Convolution <paramref name="layer"/> with the weight and bias from <paramref name="parameters"/>.</summary>
    private protected Tensor Convolve(Tensor x, IReadOnlyList<Tensor> parameters, int layer) =>
        nn.functional.conv2d(x, parameters[2 * layer], parameters[2 * layer + 1], padding: [Padding, Padding]);

    internal override void Validate()
    {
        NetworkValidation.Sizes(Channels, nameof(Channels), allowEmpty: false);
        NetworkValidation.AtLeast(KernelSize, 1, nameof(KernelSize));
        NetworkValidation.AtLeast(Padding, 0, nameof(Padding));
    }

    // Layout 0: channels, kernel size, padding, then the kind's own fields.
    internal override void WriteBody(BinaryWriter writer)
    {
        WriteSizes(writer, Channels);
        writer.Write(KernelSize);
        writer.Write(Padding);
    }

    internal static BackboneOptions Read(BinaryReader reader) =>
        Read<BackboneOptions>(reader, "backbone", static (kind, version, body) =>
        {
            BackboneOptions? options = kind switch
            {
                ConvBackboneOptions.KindTag => new ConvBackboneOptions(),
                SpikingConvBackboneOptions.KindTag => new SpikingConvBackboneOptions(),
                _ => null,
            };
            if (options is null)
                return null;
            options.Channels = ReadSizes(body, 16, "convolutions");
            options.KernelSize = body.ReadInt32();
            options.Padding = body.ReadInt32();
            options.ReadBody(body, version);
            return options;
        });

    /// <summary>Reads the fields the kind adds to the shared ones.</summary>
    private protected virtual void ReadBody(BinaryReader reader, int version)
    {
    }
}
