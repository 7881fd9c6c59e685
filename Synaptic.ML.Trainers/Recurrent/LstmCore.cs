using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>TorchSharp's <c>LSTMCell</c> as a recurrent Q-network's memory: the state is (h, c) side by side [2H], the output h.</summary>
internal sealed class LstmCore : SequenceCore
{
    private readonly LSTMCell cell;
    private readonly int _hidden;

    public LstmCore(int inputSize, int hiddenSize, Generator generator) : base(nameof(LstmCore))
    {
        _hidden = hiddenSize;
        cell = nn.LSTMCell(inputSize, hiddenSize);
        RecurrentInitialization.Uniform(cell, hiddenSize, generator);
        RegisterComponents();
    }

    public override int HiddenSize => _hidden;

    public override long[] StateShape => [2 * _hidden];

    public override (Tensor Hidden, Tensor State) Step(Tensor input, Tensor state)
    {
        var (h, c) = cell.forward(input, (state.narrow(1, 0, _hidden), state.narrow(1, _hidden, _hidden)));
        return (h, cat([h, c], 1));
    }
}
