using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Describes an image embedding network for few-shot learning: <see cref="SpikingConvBackboneOptions"/> (a
/// spiking convolutional feature extractor) or <see cref="ConvBackboneOptions"/> (its artificial twin). Both are
/// conv → nonlinearity → max-pool, twice, flattened. The description is saved with the model.
/// </summary>
public abstract class BackboneOptions
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
    public int EmbeddingSize(int height, int width)
    {
        var (h, w) = (height, width);
        foreach (var _ in Channels)
        {
            h = (h + 2 * Padding - KernelSize + 1) / 2;
            w = (w + 2 * Padding - KernelSize + 1) / 2;
            if (h <= 0 || w <= 0)
                throw new ArgumentException(
                    $"Images of {height}×{width} are too small for {Channels.Length} convolutions of kernel {KernelSize} with padding {Padding}, each followed by a 2×2 max-pool; use a larger Padding or a smaller KernelSize.");
        }
        return Channels[^1] * h * w;
    }

    /// <summary>One line describing the backbone.</summary>
    /// <returns>The description.</returns>
    public abstract override string ToString();

    internal abstract nn.Module<Tensor, Tensor> Create(int height, int width, Generator generator);

    internal abstract byte Kind { get; }

    internal virtual void Validate()
    {
        ArgumentNullException.ThrowIfNull(Channels, nameof(Channels));
        if (Channels.Length == 0 || Channels.Any(c => c <= 0))
            throw new ArgumentOutOfRangeException(nameof(Channels), $"Channels [{string.Join(", ", Channels)}] must be a non-empty list of positive counts.");
        if (KernelSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(KernelSize), KernelSize, "The kernel size must be positive.");
        if (Padding < 0)
            throw new ArgumentOutOfRangeException(nameof(Padding), Padding, "The padding cannot be negative.");
    }

    internal virtual void WriteBody(BinaryWriter writer)
    {
        writer.Write(Channels.Length);
        foreach (var c in Channels)
            writer.Write(c);
        writer.Write(KernelSize);
        writer.Write(Padding);
    }

    internal void Write(BinaryWriter writer)
    {
        writer.Write(Kind);
        WriteBody(writer);
    }

    internal static BackboneOptions Read(BinaryReader reader)
    {
        var kind = reader.ReadByte();
        BackboneOptions options = kind switch
        {
            ConvBackboneOptions.KindTag => new ConvBackboneOptions(),
            SpikingConvBackboneOptions.KindTag => new SpikingConvBackboneOptions(),
            _ => throw new InvalidDataException($"Unknown backbone kind {kind}."),
        };
        var count = reader.ReadInt32();
        if (count is <= 0 or > 16)
            throw new InvalidDataException($"A saved backbone has {count} convolutions.");
        options.Channels = new int[count];
        for (var i = 0; i < count; i++)
            options.Channels[i] = reader.ReadInt32();
        options.KernelSize = reader.ReadInt32();
        options.Padding = reader.ReadInt32();
        options.ReadBody(reader);
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The saved backbone description is invalid: {e.Message}", e);
        }
        return options;
    }

    private protected virtual void ReadBody(BinaryReader reader)
    {
    }
}
