using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>Everything needed to rebuild a policy's network before its weights are loaded.</summary>
/// <param name="Network">The actor's description.</param>
/// <param name="ValueHiddenSizes">Hidden sizes of the critic, or null when the policy has none.</param>
/// <param name="ObservationSize">Floats per observation.</param>
/// <param name="Head">The action distribution.</param>
/// <param name="InitialLogStd">Initial Gaussian log standard deviation (continuous actions).</param>
internal sealed record PolicyArchitecture(PolicyNetworkOptions Network, int[]? ValueHiddenSizes, int ObservationSize, ActionHead Head, double InitialLogStd)
{
    public ActorCritic Build(ulong seed)
    {
        using var generator = new Generator(seed);
        return new ActorCritic(this, generator);
    }

    public void Write(BinaryWriter writer)
    {
        Network.Write(writer);
        writer.Write(ValueHiddenSizes?.Length ?? -1);
        foreach (var size in ValueHiddenSizes ?? [])
            writer.Write(size);
        writer.Write(ObservationSize);
        Head.Write(writer);
        writer.Write(InitialLogStd);
    }

    public static PolicyArchitecture Read(BinaryReader reader)
    {
        var network = PolicyNetworkOptions.Read(reader);
        var count = reader.ReadInt32();
        if (count < -1 || count > 64)
            throw new InvalidDataException($"The saved value network has {count} hidden layers.");
        int[]? hidden = count < 0 ? null : new int[count];
        for (var i = 0; i < count; i++)
            hidden![i] = reader.ReadInt32();
        var observationSize = reader.ReadInt32();
        if (observationSize <= 0)
            throw new InvalidDataException($"The saved policy has observation size {observationSize}.");
        var head = ActionHead.Read(reader);
        return new PolicyArchitecture(network, hidden, observationSize, head, reader.ReadDouble());
    }
}
