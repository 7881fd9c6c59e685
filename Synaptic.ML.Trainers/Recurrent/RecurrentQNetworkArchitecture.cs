using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>Everything needed to rebuild a recurrent Q-network before its weights are loaded.</summary>
/// <param name="Core">The memory: multi-plasticity layer, GRU, LSTM or feed-forward.</param>
/// <param name="ObservationSize">Floats per observation.</param>
/// <param name="Actions">Number of discrete actions.</param>
internal sealed record RecurrentQNetworkArchitecture(SequenceCoreOptions Core, int ObservationSize, int Actions)
{
    public RecurrentQNetwork Build(ulong seed)
    {
        using var generator = new Generator(seed);
        return new RecurrentQNetwork(this, generator);
    }

    public void Write(BinaryWriter writer)
    {
        Core.Write(writer);
        writer.Write(ObservationSize);
        writer.Write(Actions);
    }

    public static RecurrentQNetworkArchitecture Read(BinaryReader reader)
    {
        var core = SequenceCoreOptions.Read(reader);
        var observationSize = reader.ReadInt32();
        var actions = reader.ReadInt32();
        if (observationSize <= 0 || actions <= 0)
            throw new InvalidDataException($"The saved recurrent Q-network has observation size {observationSize} and {actions} actions.");
        return new RecurrentQNetworkArchitecture(core, observationSize, actions);
    }
}
