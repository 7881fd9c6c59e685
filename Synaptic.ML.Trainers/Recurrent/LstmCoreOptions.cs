using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>A long short-term memory (Hochreiter &amp; Schmidhuber, 1997) as the memory of a recurrent Q-network: TorchSharp's <c>LSTMCell</c>, state (h, c).</summary>
public sealed class LstmCoreOptions : SequenceCoreOptions
{
    /// <inheritdoc/>
    public override string ToString() => $"LSTM {HiddenSize}";

    internal override SequenceCore Create(int inputSize, Generator generator) => new LstmCore(inputSize, HiddenSize, generator);

    private protected override int KindId => 3;
}
