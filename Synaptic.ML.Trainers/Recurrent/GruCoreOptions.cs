using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>A gated recurrent unit (Cho et al., 2014) as the memory of a recurrent Q-network: TorchSharp's <c>GRUCell</c>, state h.</summary>
public sealed class GruCoreOptions : SequenceCoreOptions
{
    /// <inheritdoc/>
    public override string ToString() => $"GRU {HiddenSize}";

    internal override SequenceCore Create(int inputSize, Generator generator) => new GruCore(inputSize, HiddenSize, generator);

    private protected override int KindId => 2;
}
