using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>Everything needed to rebuild a Q-network before its weights are loaded.</summary>
/// <param name="Network">The body: an MLP, a spiking network, a convolutional network or a registered module.</param>
/// <param name="ObservationSize">Floats per observation.</param>
/// <param name="Actions">Number of discrete actions (Q-values per observation).</param>
/// <param name="Dueling">Whether Q = V + A − mean(A) from a value output and advantage outputs (Wang et al., 2016).</param>
internal sealed record QNetworkArchitecture(PolicyNetworkOptions Network, int ObservationSize, int Actions, bool Dueling)
{
    public QNetwork Build(ulong seed)
    {
        using var generator = new Generator(seed);
        return new QNetwork(this, generator);
    }

    public void Write(BinaryWriter writer)
    {
        Network.Write(writer);
        writer.Write(ObservationSize);
        writer.Write(Actions);
        writer.Write(Dueling);
    }

    public static QNetworkArchitecture Read(BinaryReader reader)
    {
        var network = PolicyNetworkOptions.Read(reader);
        var observationSize = reader.ReadInt32();
        var actions = reader.ReadInt32();
        if (observationSize <= 0 || actions <= 0)
            throw new InvalidDataException($"The saved Q-network has observation size {observationSize} and {actions} actions.");
        return new QNetworkArchitecture(network, observationSize, actions, reader.ReadBoolean());
    }
}
