using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Observation → memory (<see cref="SequenceCore"/>) → linear head → Q-values, over sequences [T, B, obs]: the
/// Q-network of <see cref="RecurrentDqnTrainer"/> (the multi-plasticity DQN and its GRU, LSTM and feed-forward
/// baselines). The head starts as <c>nn.Linear</c>.
/// </summary>
internal sealed class RecurrentQNetwork : nn.Module
{
    private readonly SequenceCore core;
    private readonly Linear head;

    public RecurrentQNetwork(RecurrentQNetworkArchitecture architecture, Generator generator) : base(nameof(RecurrentQNetwork))
    {
        Architecture = architecture;
        core = architecture.Core.Create(architecture.ObservationSize, generator);
        head = nn.Linear(core.HiddenSize, architecture.Actions);
        LayerInitialization.PyTorchDefaultLinear(head, generator);
        RegisterComponents();
    }

    public RecurrentQNetworkArchitecture Architecture { get; }

    public SequenceCore Core => core;

    /// <summary>Q [T, B, A], hidden states [T, B, H] and the final state, from <paramref name="state"/> (cleared where keep is 0).</summary>
    public (Tensor Q, Tensor Hidden, Tensor State) Run(Tensor inputs, Tensor state, Tensor? keep)
    {
        var (hidden, next) = core.Run(inputs, state, keep);
        return (head.forward(hidden), hidden, next);
    }

    /// <summary>One step for a batch: Q [B, A], h [B, H] and the next state.</summary>
    public (Tensor Q, Tensor Hidden, Tensor State) Step(Tensor input, Tensor state)
    {
        var (hidden, next) = core.Step(input, state);
        return (head.forward(hidden), hidden, next);
    }
}
