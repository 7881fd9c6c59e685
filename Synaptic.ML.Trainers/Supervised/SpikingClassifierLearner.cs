using Synaptic.ML.Neurons;
using Synaptic.ML.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Trains a <see cref="SpikingClassifierScorer"/>'s network with backpropagation through time and surrogate
/// gradients: one Adam step per minibatch on one of snnTorch's losses. Rate coding draws fresh spikes for every
/// minibatch from a generator seeded by the run, as snnTorch's <c>spikegen.rate</c> does each time a batch is seen.
/// </summary>
internal sealed class SpikingClassifierLearner : ISupervisedLearner
{
    private readonly SpikingClassifierOptions _options;
    private readonly AdamOptimizer _optimizer;
    private readonly Generator _draws;
    private float[] _buffer = [];

    public SpikingClassifierLearner(SpikingClassifierOptions options, ClassificationRows rows, int seed)
    {
        _options = options;
        Scorer = new SpikingClassifierScorer(options.Network, rows.Height, rows.Width, rows.ClassCount, (ulong)(uint)seed);
        _optimizer = new AdamOptimizer(Scorer.Network.parameters(), epsilon: options.AdamEpsilon);
        _draws = new Generator((ulong)(uint)seed ^ 0x5EED_5A7E);
    }

    public SpikingClassifierScorer Scorer { get; }

    public nn.Module Network => Scorer.Network;

    public string Description => $"{Scorer.Options}, loss {_options.Loss}";

    public (double Loss, int Correct) TrainBatch(ClassificationRows rows, ReadOnlySpan<int> batch, double learningRate)
    {
        using var scope = NewDisposeScope();
        var network = Scorer.Network;
        network.train();
        var size = rows.FeatureSize;
        if (_buffer.Length < batch.Length * size)
            _buffer = new float[batch.Length * size];
        var labels = new long[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            rows.Features.AsSpan(batch[i] * size, size).CopyTo(_buffer.AsSpan(i * size));
            labels[i] = rows.Labels[batch[i]];
        }
        var targets = tensor(labels);
        var (output, _) = Scorer.Options.Coding == SpikeInputCoding.Rate
            ? network.RunEncoded(RateSpikes(batch.Length, size), constant: false)
            : network.Run(Tensors.Copy(_buffer.AsSpan(0, batch.Length * size), batch.Length, size), null);
        var loss = _options.Loss switch
        {
            SpikingClassifierLoss.CrossEntropyRate => SpikeLosses.CrossEntropyRate(output.Spikes, targets),
            SpikingClassifierLoss.CrossEntropyMaxMembrane => SpikeLosses.CrossEntropyMaxMembrane(output.Membrane, targets),
            SpikingClassifierLoss.MseCount => SpikeLosses.MseCount(output.Spikes, targets, _options.CorrectRate, _options.IncorrectRate),
            SpikingClassifierLoss.MseMembrane => SpikeLosses.MseMembrane(output.Membrane, targets),
            _ => SpikeLosses.CrossEntropyCount(output.Spikes, targets),
        };
        long correct;
        using (no_grad())
            correct = network.Readout(output).argmax(1).eq(targets).sum().item<long>();
        _optimizer.ZeroGrad();
        loss.backward();
        _optimizer.Step(learningRate);
        return (loss.item<float>(), (int)correct);
    }

    /// <summary>
    /// The minibatch's rate-coded input [T, B, F] from the features in <see cref="_buffer"/>: the spikes
    /// <c>SpikeGeneration.Rate(x, rand([T, B, F], generator: _draws))</c> gives, bit for bit, drawn and compared in one
    /// managed pass (<see cref="GeneratorDraws"/>) straight into the tensor's memory, with the generator moved on as
    /// <c>rand</c> moves it.
    /// </summary>
    private Tensor RateSpikes(int rows, int size) =>
        GeneratorDraws.RateSpikeTensor(_draws, _buffer.AsSpan(0, rows * size), Scorer.Options.TimeSteps, rows, size);

    public int[] Predict(ClassificationRows rows) => Predict(Scorer, rows.Features, rows.Count);

    /// <summary>The predicted class (first maximum of the readout) of <paramref name="count"/> rows given back to back, in blocks.</summary>
    public static int[] Predict(SpikingClassifierScorer scorer, ReadOnlySpan<float> features, int count)
    {
        const int Block = 256;
        var classes = scorer.Classes;
        var readout = new float[Block * classes];
        var predicted = new int[count];
        for (var start = 0; start < count; start += Block)
        {
            var n = Math.Min(Block, count - start);
            scorer.Score(features.Slice(start * scorer.FeatureSize, n * scorer.FeatureSize), n, readout);
            for (var i = 0; i < n; i++)
                predicted[start + i] = ArgMax(readout.AsSpan(i * classes, classes));
        }
        return predicted;
    }

    /// <summary>The index of the first largest value (ML.NET's and <c>argmax</c>'s rule on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
                best = i;
        }
        return best;
    }

    public byte[] SnapshotWeights() => ModuleSnapshot.Take(Scorer.Network);

    public void RestoreWeights(byte[] snapshot) => ModuleSnapshot.Restore(Scorer.Network, snapshot);

    public void Dispose()
    {
        _optimizer.Dispose();
        _draws.Dispose();
    }
}
