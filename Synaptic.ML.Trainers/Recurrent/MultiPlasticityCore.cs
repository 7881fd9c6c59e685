using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>A <see cref="MultiPlasticityLayer"/> as a recurrent Q-network's memory: the state is M [H, C].</summary>
internal sealed class MultiPlasticityCore : SequenceCore
{
    private readonly MultiPlasticityLayer layer;

    public MultiPlasticityCore(MultiPlasticityLayer layer) : base(nameof(MultiPlasticityCore))
    {
        this.layer = layer;
        RegisterComponents();
    }

    public MultiPlasticityLayer Layer => layer;

    public override int HiddenSize => layer.HiddenSize;

    public override long[] StateShape => [layer.HiddenSize, layer.Columns];

    public override (Tensor Hidden, Tensor State) Step(Tensor input, Tensor state) => layer.Step(input, state);

    public override (Tensor Hidden, Tensor State) Run(Tensor inputs, Tensor state, Tensor? keep) => layer.forward(inputs, state, keep);
}
