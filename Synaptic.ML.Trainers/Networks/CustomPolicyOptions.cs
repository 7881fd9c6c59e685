using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// A user-supplied TorchSharp actor, built by the factory registered in <see cref="PolicyModuleRegistry"/> under
/// <see cref="ModuleName"/>. Its initial weights are the factory's own.
/// </summary>
public sealed class CustomPolicyOptions : PolicyNetworkOptions
{
    internal const byte KindTag = 3;

    /// <summary>Creates the options.</summary>
    /// <param name="moduleName">The registered factory's name.</param>
    public CustomPolicyOptions(string moduleName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(moduleName);
        ModuleName = moduleName;
    }

    /// <summary>Name of the registered factory.</summary>
    public string ModuleName { get; }

    internal override byte Kind => KindTag;

    /// <inheritdoc/>
    public override string ToString() => $"custom module '{ModuleName}'";

    internal override nn.Module<Tensor, Tensor> CreateActor(int observationSize, int outputSize, Generator generator) =>
        PolicyModuleRegistry.Create(ModuleName, observationSize, outputSize);

    internal override void Validate()
    {
    }

    internal override void WriteBody(BinaryWriter writer) => writer.Write(ModuleName);

    // Layout 0: the module's name.
    internal static CustomPolicyOptions ReadBody(BinaryReader reader, int version) => new(reader.ReadString());
}
