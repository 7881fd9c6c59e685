using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// A convolutional network over grid observations (MinAtar's 10×10×4 frames, GridWorld's images): the flat
/// observation is read as a <see cref="Height"/> × <see cref="Width"/> grid of <see cref="InputChannels"/> channels,
/// passed through convolutions (stride 1, ReLU, no pooling), flattened, and through fully connected layers to the
/// outputs. The defaults are the network of the MinAtar paper (Young and Tian, 2019): one 3×3 convolution with 16
/// filters and one hidden layer of 128 units. Usable as a Q-network body (<see cref="DqnTrainer"/>) and as an actor
/// (<see cref="A2CTrainer"/>, <see cref="PpoTrainer"/>).
/// </summary>
public sealed class ConvPolicyOptions : PolicyNetworkOptions
{
    internal const byte KindTag = 4;

    /// <summary>Rows of the grid. Required.</summary>
    public int Height { get; set; }

    /// <summary>Columns of the grid. Required.</summary>
    public int Width { get; set; }

    /// <summary>Channels per cell. Required.</summary>
    public int InputChannels { get; set; }

    /// <summary>
    /// Whether the observation is laid out channel-last, index (y·Width + x)·InputChannels + c (MinAtar's own
    /// <c>state()</c> array), rather than channel-first, index (c·Height + y)·Width + x (the images of Synaptic.ML's
    /// environments, MinAtar's Breakout included). Default false.
    /// </summary>
    public bool ChannelsLast { get; set; }

    /// <summary>Filters of each convolution. Default [16].</summary>
    public int[] Filters { get; set; } = [16];

    /// <summary>Side of the square kernels. Default 3.</summary>
    public int KernelSize { get; set; } = 3;

    /// <summary>Zero padding on each side. Default 0.</summary>
    public int Padding { get; set; }

    /// <summary>Sizes of the fully connected hidden layers after the convolutions. Default [128].</summary>
    public int[] HiddenSizes { get; set; } = [128];

    internal override byte Kind => KindTag;

    /// <summary>Grid cells per side after the convolutions.</summary>
    internal (int Height, int Width) OutputGrid()
    {
        var shrink = Filters.Length * (KernelSize - 1 - 2 * Padding);
        return (Height - shrink, Width - shrink);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"Conv {Height}×{Width}×{InputChannels} [{string.Join(", ", Filters)}] k{KernelSize} → MLP [{string.Join(", ", HiddenSizes)}] ReLU";

    internal override nn.Module<Tensor, Tensor> CreateActor(int observationSize, int outputSize, Generator generator)
    {
        if (observationSize != Height * Width * InputChannels)
            throw new ArgumentException(
                $"{this} reads {Height}·{Width}·{InputChannels} = {Height * Width * InputChannels} floats per observation; the observations have {observationSize}.");
        return new ConvActor(this, outputSize, generator);
    }

    internal override void Validate()
    {
        NetworkValidation.AtLeast(Height, 1, nameof(Height));
        NetworkValidation.AtLeast(Width, 1, nameof(Width));
        NetworkValidation.AtLeast(InputChannels, 1, nameof(InputChannels));
        NetworkValidation.Sizes(Filters, nameof(Filters), allowEmpty: false);
        NetworkValidation.AtLeast(KernelSize, 1, nameof(KernelSize));
        NetworkValidation.AtLeast(Padding, 0, nameof(Padding));
        NetworkValidation.Sizes(HiddenSizes, nameof(HiddenSizes));
        var (h, w) = OutputGrid();
        if (h < 1 || w < 1)
            throw new ArgumentOutOfRangeException(nameof(KernelSize), KernelSize,
                $"{Filters.Length} convolutions of kernel {KernelSize} with padding {Padding} leave a {h}×{w} grid of the {Height}×{Width} input; use fewer or smaller kernels, or padding.");
    }

    internal override void WriteBody(BinaryWriter writer)
    {
        writer.Write(Height);
        writer.Write(Width);
        writer.Write(InputChannels);
        writer.Write(ChannelsLast);
        WriteSizes(writer, Filters);
        writer.Write(KernelSize);
        writer.Write(Padding);
        WriteSizes(writer, HiddenSizes);
    }

    // Layout 0: the fields in the order WriteBody writes them.
    internal static ConvPolicyOptions ReadBody(BinaryReader reader, int version) => new()
    {
        Height = reader.ReadInt32(),
        Width = reader.ReadInt32(),
        InputChannels = reader.ReadInt32(),
        ChannelsLast = reader.ReadBoolean(),
        Filters = ReadSizes(reader),
        KernelSize = reader.ReadInt32(),
        Padding = reader.ReadInt32(),
        HiddenSizes = ReadSizes(reader),
    };
}
