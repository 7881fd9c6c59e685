using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The memory of a recurrent Q-network (<see cref="RecurrentDqnTrainer"/>): what turns a stream of observations into
/// a hidden vector of <see cref="HiddenSize"/> — a multi-plasticity layer (<see cref="MultiPlasticityOptions"/>),
/// a GRU (<see cref="GruCoreOptions"/>), an LSTM (<see cref="LstmCoreOptions"/>), or a feed-forward layer with no
/// memory at all (<see cref="FeedForwardCoreOptions"/>, the baseline).
/// </summary>
public abstract class SequenceCoreOptions
{
    private protected SequenceCoreOptions()
    {
    }

    /// <summary>Size of the hidden vector h. Default 64.</summary>
    public int HiddenSize { get; set; } = 64;

    /// <summary>Builds the core, its weights drawn from <paramref name="generator"/>.</summary>
    internal abstract SequenceCore Create(int inputSize, Generator generator);

    internal virtual void Validate()
    {
        if (HiddenSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(HiddenSize), HiddenSize, $"{nameof(HiddenSize)} must be positive; it is {HiddenSize}.");
    }

    private protected abstract int KindId { get; }

    private protected virtual void WriteFields(BinaryWriter writer)
    {
    }

    internal void Write(BinaryWriter writer)
    {
        writer.Write(KindId);
        writer.Write(HiddenSize);
        WriteFields(writer);
    }

    internal static SequenceCoreOptions Read(BinaryReader reader)
    {
        var kind = reader.ReadInt32();
        var hidden = reader.ReadInt32();
        SequenceCoreOptions options = kind switch
        {
            1 => MultiPlasticityOptions.ReadFields(reader),
            2 => new GruCoreOptions(),
            3 => new LstmCoreOptions(),
            4 => FeedForwardCoreOptions.ReadFields(reader),
            _ => throw new InvalidDataException($"Unknown recurrent core kind {kind} in the saved network (known: 1 MPN, 2 GRU, 3 LSTM, 4 feed-forward)."),
        };
        options.HiddenSize = hidden;
        options.Validate();
        return options;
    }
}
