using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>TorchSharp's <c>GRUCell</c> as a recurrent Q-network's memory, weights uniform in ±1/√H (PyTorch's initialisation) from a seeded generator.</summary>
internal sealed class GruCore : SequenceCore
{
    private readonly GRUCell cell;
    private readonly int _hidden;

    public GruCore(int inputSize, int hiddenSize, Generator generator) : base(nameof(GruCore))
    {
        _hidden = hiddenSize;
        cell = nn.GRUCell(inputSize, hiddenSize);
        RecurrentInitialization.Uniform(cell, hiddenSize, generator);
        RegisterComponents();
    }

    public override int HiddenSize => _hidden;

    public override long[] StateShape => [_hidden];

    public override (Tensor Hidden, Tensor State) Step(Tensor input, Tensor state)
    {
        var hidden = cell.forward(input, state);
        return (hidden, hidden);
    }
}
