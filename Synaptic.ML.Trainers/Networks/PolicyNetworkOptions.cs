using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Describes the actor network of a policy: <see cref="MlpPolicyOptions"/> (an artificial network),
/// <see cref="SpikingPolicyOptions"/> (a spiking network trained with surrogate gradients) or
/// <see cref="CustomPolicyOptions"/> (a TorchSharp module registered by name). The description is saved with
/// the policy so a loaded model rebuilds the same network.
/// </summary>
public abstract class PolicyNetworkOptions
{
    private protected PolicyNetworkOptions()
    {
    }

    /// <summary>Builds the actor: observations [B, <paramref name="observationSize"/>] → distribution parameters [B, <paramref name="outputSize"/>].</summary>
    /// <param name="observationSize">Floats per observation.</param>
    /// <param name="outputSize">Distribution parameters per observation.</param>
    /// <param name="generator">Seeds the initial weights.</param>
    /// <returns>The actor module.</returns>
    internal abstract nn.Module<Tensor, Tensor> CreateActor(int observationSize, int outputSize, Generator generator);

    /// <summary>Checks the options, naming the first invalid one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    internal abstract void Validate();

    /// <summary>Refuses action distributions this network cannot produce (all are accepted by default).</summary>
    /// <param name="head">The action distribution of the environment.</param>
    /// <param name="environmentId">The environment, for messages.</param>
    /// <exception cref="NotSupportedException">The network cannot drive this action space.</exception>
    internal virtual void CheckHead(ActionHead head, string environmentId)
    {
    }

    /// <summary>One line describing the network, for logs and the README.</summary>
    /// <returns>The description.</returns>
    public abstract override string ToString();

    internal abstract byte Kind { get; }

    internal abstract void WriteBody(BinaryWriter writer);

    internal void Write(BinaryWriter writer)
    {
        writer.Write(Kind);
        WriteBody(writer);
    }

    internal static PolicyNetworkOptions Read(BinaryReader reader)
    {
        var kind = reader.ReadByte();
        return kind switch
        {
            MlpPolicyOptions.KindTag => MlpPolicyOptions.ReadBody(reader),
            SpikingPolicyOptions.KindTag => SpikingPolicyOptions.ReadBody(reader),
            CustomPolicyOptions.KindTag => CustomPolicyOptions.ReadBody(reader),
            _ => throw new InvalidDataException($"Unknown policy network kind {kind}."),
        };
    }

    private protected static void CheckSizes(int[] sizes, string name)
    {
        ArgumentNullException.ThrowIfNull(sizes, name);
        for (var i = 0; i < sizes.Length; i++)
        {
            if (sizes[i] <= 0)
                throw new ArgumentOutOfRangeException(name, sizes[i], $"{name}[{i}] = {sizes[i]}; layer sizes must be positive.");
        }
    }

    private protected static void WriteSizes(BinaryWriter writer, int[] sizes)
    {
        writer.Write(sizes.Length);
        foreach (var s in sizes)
            writer.Write(s);
    }

    private protected static int[] ReadSizes(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > 64)
            throw new InvalidDataException($"A policy network description has {count} layers.");
        var sizes = new int[count];
        for (var i = 0; i < count; i++)
        {
            sizes[i] = reader.ReadInt32();
            if (sizes[i] <= 0)
                throw new InvalidDataException($"A policy network description has a layer of size {sizes[i]}.");
        }
        return sizes;
    }
}
