using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The trainable policy: an actor (observations → distribution parameters), an optional critic
/// (observations → state value, an MLP with output gain 1) and, for continuous actions, the state-independent
/// log standard deviation.
/// </summary>
internal sealed class ActorCritic : nn.Module
{
    private readonly nn.Module<Tensor, Tensor> actor;
    private readonly nn.Module<Tensor, Tensor>? critic;
    private readonly Parameter? log_std;

    public ActorCritic(PolicyArchitecture architecture, Generator generator) : base(nameof(ActorCritic))
    {
        Architecture = architecture;
        actor = architecture.Network.CreateActor(architecture.ObservationSize, architecture.Head.ParameterCount, generator);
        if (architecture.ValueHiddenSizes is int[] hidden)
            critic = LayerInitialization.Mlp(architecture.ObservationSize, hidden, 1, HiddenActivation.Tanh, 1.0, generator);
        if (architecture.Head.IsContinuous)
            log_std = new Parameter(full(architecture.Head.ActionSize, (float)architecture.InitialLogStd));
        RegisterComponents();
    }

    public PolicyArchitecture Architecture { get; }

    public ActionHead Head => Architecture.Head;

    public bool HasCritic => critic is not null;

    /// <summary>The Gaussian log standard deviation, or null for discrete actions.</summary>
    public Tensor? LogStd => log_std;

    /// <summary>The actor network (a <see cref="SpikingActor"/> for spiking policies).</summary>
    public nn.Module<Tensor, Tensor> Actor => actor;

    /// <summary>Distribution parameters, [B, P].</summary>
    public Tensor ActionParameters(Tensor observations) => actor.forward(observations);

    /// <summary>State values, [B].</summary>
    public Tensor Value(Tensor observations) =>
        (critic ?? throw new InvalidOperationException("This policy has no value network.")).forward(observations).squeeze(1);
}
