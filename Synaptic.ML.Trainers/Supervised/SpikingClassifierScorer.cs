using Synaptic.ML.Neurons;
using Synaptic.ML.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// A trained spiking classifier network bound to its feature size and classes: scores blocks of rows without
/// gradients (rate-code draws keyed by each row's values, so a row always gets the same output, whatever block it is
/// in), and saves and loads its description and weights. Scoring is serialised by a lock, so one scorer serves many
/// cursors and threads.
/// </summary>
internal sealed class SpikingClassifierScorer
{
    private readonly object _gate = new();

    public SpikingClassifierScorer(SpikingClassifierNetworkOptions options, int height, int width, int classes, ulong seed)
    {
        Options = options;
        Height = height;
        Width = width;
        using var generator = new Generator(seed);
        Network = options.Create(height, width, classes, generator);
    }

    public SpikingClassifierNetworkOptions Options { get; }

    public int Height { get; }

    public int Width { get; }

    public int FeatureSize => Height * Width;

    public int Classes => Network.Classes;

    public int HiddenFeatureSize => Network.HiddenFeatureSize;

    public SpikingClassifierNetwork Network { get; }

    /// <summary>
    /// The readout values [count, C] (and, when <paramref name="hidden"/> is not empty, the last hidden layer's spike
    /// counts [count, H]) of rows given back to back.
    /// </summary>
    public void Score(ReadOnlySpan<float> features, int count, Span<float> readout, Span<float> hidden = default)
    {
        lock (_gate)
        {
            using var scope = InferenceScope.Enter();
            var (output, hiddenSpikes) = Run(features, count);
            Network.Readout(output).contiguous().data<float>().CopyTo(readout[..(count * Classes)]);
            if (!hidden.IsEmpty)
                hiddenSpikes!.sum(0L).contiguous().data<float>().CopyTo(hidden[..(count * HiddenFeatureSize)]);
        }
    }

    /// <summary>One row's spike trains: the last hidden layer's spikes [T·H] and the output layer's spikes and membrane [T·C], time-major.</summary>
    public (float[] Hidden, float[] Output, float[] Membrane) Trace(ReadOnlySpan<float> features)
    {
        lock (_gate)
        {
            using var scope = InferenceScope.Enter();
            var (output, hiddenSpikes) = Run(features, 1);
            static float[] Flat(Tensor t) => t.contiguous().data<float>().ToArray();
            return (hiddenSpikes is null ? [] : Flat(hiddenSpikes.flatten(1)), Flat(output.Spikes), Flat(output.Membrane));
        }
    }

    /// <summary>
    /// Rows given back to back through the network in evaluation mode (the mode it was in is put back), with the rate
    /// code's draws keyed by each row's values. Called under the lock, inside an inference scope.
    /// </summary>
    private (SpikingOutput Output, Tensor? HiddenSpikes) Run(ReadOnlySpan<float> features, int count)
    {
        var training = Network.training;
        Network.eval();
        var x = Tensors.Copy(features[..(count * FeatureSize)], count, FeatureSize);
        var uniform = Options.Coding == SpikeInputCoding.Rate ? KeyedNoise.For(x, Options.TimeSteps, Options.EncodingSeed) : null;
        var result = Network.Run(x, uniform);
        if (training)
            Network.train();
        return result;
    }

    public void Write(BinaryWriter writer)
    {
        Options.Write(writer);
        writer.Write(Height);
        writer.Write(Width);
        writer.Write(Classes);
        Network.save(writer);
    }

    public static SpikingClassifierScorer Read(BinaryReader reader)
    {
        var options = SpikingClassifierNetworkOptions.Read(reader);
        var height = reader.ReadInt32();
        var width = reader.ReadInt32();
        var classes = reader.ReadInt32();
        if (height <= 0 || width <= 0 || (long)height * width > 1 << 24 || classes is < 2 or > 1_000_000)
            throw new InvalidDataException($"A saved spiking classifier reads {height}×{width} features into {classes} classes.");
        var scorer = new SpikingClassifierScorer(options, height, width, classes, 0);
        scorer.Network.load(reader, strict: true);
        return scorer;
    }
}
