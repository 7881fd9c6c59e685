using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Describes the actor network of a policy: <see cref="MlpPolicyOptions"/> (an artificial network),
/// <see cref="SpikingPolicyOptions"/> (a spiking network trained with surrogate gradients),
/// <see cref="ConvPolicyOptions"/> (a convolutional network over grid observations) or
/// <see cref="CustomPolicyOptions"/> (a TorchSharp module registered by name). The description is saved with
/// the policy so a loaded model rebuilds the same network.
/// </summary>
public abstract class PolicyNetworkOptions : NetworkOptions
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

    /// <summary>Refuses action distributions this network cannot produce (all are accepted by default).</summary>
    /// <param name="head">The action distribution of the environment.</param>
    /// <param name="environmentId">The environment, for messages.</param>
    /// <exception cref="NotSupportedException">The network cannot drive this action space.</exception>
    internal virtual void CheckHead(ActionHead head, string environmentId)
    {
    }

    internal static PolicyNetworkOptions Read(BinaryReader reader) =>
        Read<PolicyNetworkOptions>(reader, "policy network", static (kind, version, body) => kind switch
        {
            MlpPolicyOptions.KindTag => MlpPolicyOptions.ReadBody(body, version),
            SpikingPolicyOptions.KindTag => SpikingPolicyOptions.ReadBody(body, version),
            CustomPolicyOptions.KindTag => CustomPolicyOptions.ReadBody(body, version),
            ConvPolicyOptions.KindTag => ConvPolicyOptions.ReadBody(body, version),
            _ => null,
        });

    private protected static int[] ReadSizes(BinaryReader reader) => ReadSizes(reader, 64, "layers");
}
