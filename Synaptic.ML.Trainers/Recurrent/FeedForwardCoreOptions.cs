using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// No memory: h_t = f(W·x_t + b), the feed-forward baseline of a recurrent Q-network of the same size (the
/// multi-plasticity layer with M held at 0).
/// </summary>
public sealed class FeedForwardCoreOptions : SequenceCoreOptions
{
    /// <summary>Activation f. Default <see cref="Plasticity.HebbianActivation.Tanh"/>, as the multi-plasticity layer's.</summary>
    public Plasticity.HebbianActivation Activation { get; set; } = Plasticity.HebbianActivation.Tanh;

    /// <inheritdoc/>
    public override string ToString() => $"feed-forward {HiddenSize} ({Activation})";

    internal override SequenceCore Create(int inputSize, Generator generator) => new FeedForwardCore(inputSize, HiddenSize, Activation, generator);

    internal override void Validate()
    {
        base.Validate();
        if (!Enum.IsDefined(Activation))
            throw new ArgumentOutOfRangeException(nameof(Activation), Activation, "Unknown activation.");
    }

    private protected override int KindId => 4;

    private protected override void WriteFields(BinaryWriter writer) => writer.Write((int)Activation);

    internal static FeedForwardCoreOptions ReadFields(BinaryReader reader) => new() { Activation = (Plasticity.HebbianActivation)reader.ReadInt32() };
}
