using Synaptic.ML.Plasticity;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>h = f(W·x + b) with no state: the memoryless baseline, initialised as <c>nn.Linear</c>.</summary>
internal sealed class FeedForwardCore : SequenceCore
{
    private readonly Linear layer;
    private readonly int _hidden;
    private readonly bool _tanh;

    public FeedForwardCore(int inputSize, int hiddenSize, HebbianActivation activation, Generator generator) : base(nameof(FeedForwardCore))
    {
        _hidden = hiddenSize;
        _tanh = activation == HebbianActivation.Tanh;
        layer = nn.Linear(inputSize, hiddenSize);
        LayerInitialization.PyTorchDefaultLinear(layer, generator);
        RegisterComponents();
    }

    public override int HiddenSize => _hidden;

    public override long[] StateShape => [0];

    public override (Tensor Hidden, Tensor State) Step(Tensor input, Tensor state)
    {
        var drive = layer.forward(input);
        return (_tanh ? drive.tanh() : drive, state);
    }

    // No state to carry: the whole sequence in one call.
    public override (Tensor Hidden, Tensor State) Run(Tensor inputs, Tensor state, Tensor? keep)
    {
        var drive = layer.forward(inputs);
        return (_tanh ? drive.tanh() : drive, state);
    }
}
