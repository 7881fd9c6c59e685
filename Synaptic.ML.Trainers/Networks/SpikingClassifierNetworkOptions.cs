using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The network of a spiking classifier, trained with surrogate gradients through time: the features are coded into
/// input over <see cref="TimeSteps"/> steps (<see cref="Coding"/>), pass through optional convolutional layers
/// (conv → 2×2 max-pool → spiking neurons, per entry of <see cref="ConvolutionChannels"/>, over images of the
/// feature column's [H, W]), fully connected spiking layers (<see cref="HiddenSizes"/>), and an output layer of one
/// spiking neuron per class, read by <see cref="Readout"/>. The defaults are snnTorch's tutorial network:
/// 784-1000-10 Leaky neurons, β 0.95, T 25, rate coding, spike-count readout. The description is saved with the model.
/// </summary>
public sealed class SpikingClassifierNetworkOptions : NetworkOptions
{
    internal const byte KindTag = 1;

    /// <summary>Sizes of the fully connected hidden layers. Default [1000].</summary>
    public int[] HiddenSizes { get; set; } = [1000];

    /// <summary>
    /// Output channels of the convolutional layers that come first (conv → 2×2 max-pool → neurons each); empty for a
    /// fully connected network. Convolutions need images: a feature column of dimensions [H, W] (or a square size).
    /// Default empty.
    /// </summary>
    public int[] ConvolutionChannels { get; set; } = [];

    /// <summary>Square kernel size of the convolutions. Default 5.</summary>
    public int KernelSize { get; set; } = 5;

    /// <summary>Zero padding of each convolution. Default 0.</summary>
    public int Padding { get; set; }

    /// <summary>Neuron model of every spiking layer. Default <see cref="SpikingNeuronKind.Leaky"/>.</summary>
    public SpikingNeuronKind Neuron { get; set; } = SpikingNeuronKind.Leaky;

    /// <summary>Whether the fully connected hidden layers feed their spikes back to themselves (snnTorch's RLeaky, RSynaptic). Default false.</summary>
    public bool Recurrent { get; set; }

    /// <summary>Membrane decay β in [0, 1]. Default 0.95.</summary>
    public double Beta { get; set; } = 0.95;

    /// <summary>Synaptic decay α in [0, 1] (Synaptic and Alpha neurons; Alpha needs α &gt; β). Default 0.9.</summary>
    public double Alpha { get; set; } = 0.9;

    /// <summary>Firing threshold θ &gt; 0. Default 1.</summary>
    public double Threshold { get; set; } = 1.0;

    /// <summary>Slope of the fast-sigmoid surrogate gradient. Default 25 (snnTorch's).</summary>
    public double SurrogateSlope { get; set; } = 25;

    /// <summary>Time steps T per row. Default 25.</summary>
    public int TimeSteps { get; set; } = 25;

    /// <summary>How features become input. Default <see cref="SpikeInputCoding.Rate"/> (values are firing probabilities, clamped to [0, 1]).</summary>
    public SpikeInputCoding Coding { get; set; } = SpikeInputCoding.Rate;

    /// <summary>What the prediction and scores are read from. Default <see cref="SpikingClassifierReadout.SpikeCount"/>.</summary>
    public SpikingClassifierReadout Readout { get; set; } = SpikingClassifierReadout.SpikeCount;

    /// <summary>Seed of the rate code's draws at scoring time (keyed by each row's values). Default 0.</summary>
    public ulong EncodingSeed { get; set; }

    internal override byte Kind => KindTag;

    /// <inheritdoc/>
    public override string ToString()
    {
        var conv = ConvolutionChannels.Length > 0 ? $"conv [{string.Join(", ", ConvolutionChannels)}] k{KernelSize} → " : "";
        return $"SNN {(Recurrent ? "recurrent " : "")}{Neuron} {conv}[{string.Join(", ", HiddenSizes)}] β={Beta} T={TimeSteps} {Coding} → {Readout}";
    }

    /// <summary>The flattened size after the convolutions for images of <paramref name="height"/> × <paramref name="width"/>.</summary>
    /// <exception cref="ArgumentException">The images are too small for the convolutions and pools.</exception>
    internal int ConvolutionOutputSize(int height, int width) => ConvolutionPoolShape.OutputSize(ConvolutionChannels, KernelSize, Padding, height, width);

    internal SpikingClassifierNetwork Create(int height, int width, int classes, Generator generator) => new(this, height, width, classes, generator);

    internal override void Validate()
    {
        NetworkValidation.Sizes(HiddenSizes, nameof(HiddenSizes));
        NetworkValidation.Sizes(ConvolutionChannels, nameof(ConvolutionChannels));
        NetworkValidation.AtLeast(KernelSize, 1, nameof(KernelSize));
        NetworkValidation.AtLeast(Padding, 0, nameof(Padding));
        NetworkValidation.Defined(Neuron, nameof(Neuron));
        NetworkValidation.UnitInterval(Beta, nameof(Beta));
        NetworkValidation.UnitInterval(Alpha, nameof(Alpha));
        NetworkValidation.PositiveFinite(Threshold, nameof(Threshold));
        NetworkValidation.PositiveFinite(SurrogateSlope, nameof(SurrogateSlope));
        NetworkValidation.AtLeast(TimeSteps, 1, nameof(TimeSteps));
        NetworkValidation.Defined(Coding, nameof(Coding));
        NetworkValidation.Defined(Readout, nameof(Readout));
        if (Neuron == SpikingNeuronKind.Alpha && !(Alpha > Beta))
            throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, $"{nameof(Alpha)} = {Alpha}; Alpha neurons need α > β (β = {Beta}).");
        if (Neuron == SpikingNeuronKind.Alpha && Recurrent)
            throw new ArgumentException($"{nameof(Recurrent)} layers exist for Leaky and Synaptic neurons; Alpha neurons have no recurrent variant (snnTorch has none either).", nameof(Recurrent));
    }

    internal override void WriteBody(BinaryWriter writer)
    {
        WriteSizes(writer, HiddenSizes);
        WriteSizes(writer, ConvolutionChannels);
        writer.Write(KernelSize);
        writer.Write(Padding);
        writer.Write((byte)Neuron);
        writer.Write(Recurrent);
        writer.Write(Beta);
        writer.Write(Alpha);
        writer.Write(Threshold);
        writer.Write(SurrogateSlope);
        writer.Write(TimeSteps);
        writer.Write((byte)Coding);
        writer.Write((byte)Readout);
        writer.Write(EncodingSeed);
    }

    internal static SpikingClassifierNetworkOptions Read(BinaryReader reader) =>
        Read(reader, "spiking classifier network", static (kind, version, body) => kind != KindTag ? null : new SpikingClassifierNetworkOptions
        {
            // Layout 0: the fields in the order WriteBody writes them.
            HiddenSizes = ReadSizes(body, 64, "hidden layers"),
            ConvolutionChannels = ReadSizes(body, 16, "convolutions"),
            KernelSize = body.ReadInt32(),
            Padding = body.ReadInt32(),
            Neuron = (SpikingNeuronKind)body.ReadByte(),
            Recurrent = body.ReadBoolean(),
            Beta = body.ReadDouble(),
            Alpha = body.ReadDouble(),
            Threshold = body.ReadDouble(),
            SurrogateSlope = body.ReadDouble(),
            TimeSteps = body.ReadInt32(),
            Coding = (SpikeInputCoding)body.ReadByte(),
            Readout = (SpikingClassifierReadout)body.ReadByte(),
            EncodingSeed = body.ReadUInt64(),
        });
}
