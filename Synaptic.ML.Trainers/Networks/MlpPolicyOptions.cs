using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>An artificial actor: a multilayer perceptron with orthogonal initialization (output gain 0.01).</summary>
public sealed class MlpPolicyOptions : PolicyNetworkOptions
{
    internal const byte KindTag = 1;

    /// <summary>Hidden layer sizes. Default [64, 64], as Stable-Baselines3.</summary>
    public int[] HiddenSizes { get; set; } = [64, 64];

    /// <summary>Nonlinearity between layers. Default <see cref="HiddenActivation.Tanh"/>.</summary>
    public HiddenActivation Activation { get; set; } = HiddenActivation.Tanh;

    internal override byte Kind => KindTag;

    /// <inheritdoc/>
    public override string ToString() => $"MLP [{string.Join(", ", HiddenSizes)}] {Activation}";

    internal override nn.Module<Tensor, Tensor> CreateActor(int observationSize, int outputSize, Generator generator) =>
        LayerInitialization.Mlp(observationSize, HiddenSizes, outputSize, Activation, 0.01, generator);

    internal override void Validate()
    {
        CheckSizes(HiddenSizes, nameof(HiddenSizes));
        if (!Enum.IsDefined(Activation))
            throw new ArgumentOutOfRangeException(nameof(Activation), Activation, "Unknown activation.");
    }

    internal override void WriteBody(BinaryWriter writer)
    {
        WriteSizes(writer, HiddenSizes);
        writer.Write((byte)Activation);
    }

    internal static MlpPolicyOptions ReadBody(BinaryReader reader)
    {
        var options = new MlpPolicyOptions { HiddenSizes = ReadSizes(reader), Activation = (HiddenActivation)reader.ReadByte() };
        if (!Enum.IsDefined(options.Activation))
            throw new InvalidDataException($"Unknown activation {options.Activation}.");
        return options;
    }
}
