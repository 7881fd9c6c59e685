using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// A Q-network: observations [B, obs] → action values [B, A]. Plain, the body's outputs are the Q-values; dueling,
/// the body has one output more, read as the state value V and the advantages A, combined as
/// Q(s, a) = V(s) + A(s, a) − mean over a′ of A(s, a′) (Wang et al., 2016) — the two streams share the body up to its
/// output layer. Linear layers are initialised as PyTorch's <c>nn.Linear</c> (uniform in ±1/√fan-in), as
/// Stable-Baselines3's DQN; a registered custom module keeps its own initialisation.
/// </summary>
internal sealed class QNetwork : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> body;

    public QNetwork(QNetworkArchitecture architecture, Generator generator) : base(nameof(QNetwork))
    {
        Architecture = architecture;
        body = architecture.Network.CreateActor(architecture.ObservationSize, architecture.Dueling ? architecture.Actions + 1 : architecture.Actions, generator);
        // Linear layers start as PyTorch's nn.Linear does, as in Stable-Baselines3's DQN (the actor-critic policies'
        // orthogonal initialisation with a 0.01 output gain suits a policy's logits, not action values).
        if (architecture.Network is not CustomPolicyOptions)
            LayerInitialization.PyTorchDefaultLinear(body, generator);
        RegisterComponents();
    }

    public QNetworkArchitecture Architecture { get; }

    public override Tensor forward(Tensor observations)
    {
        var output = body.forward(observations);
        if (!Architecture.Dueling)
            return output;
        var value = output.narrow(1, 0, 1);
        var advantages = output.narrow(1, 1, Architecture.Actions);
        return value + advantages - advantages.mean([1], keepdim: true);
    }
}
