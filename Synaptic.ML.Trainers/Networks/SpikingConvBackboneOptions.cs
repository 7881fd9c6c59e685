using Synaptic.ML.Neurons;
using Synaptic.ML.Neurons.Surrogates;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The spiking backbone: pixels in [0, 1] are rate-coded into Bernoulli spikes over <see cref="TimeSteps"/>
/// steps, then (conv → 2×2 max-pool → <see cref="Neurons.Leaky"/>) per entry of
/// <see cref="BackboneOptions.Channels"/>, trained through time with a fast-sigmoid surrogate gradient; the
/// embedding is the last layer's spike counts (or mean membrane), flattened. The spike draws are keyed by the
/// image's pixels and the seed, so an image always has the same embedding.
/// </summary>
public sealed class SpikingConvBackboneOptions : BackboneOptions
{
    internal const byte KindTag = 2;

    /// <summary>Time steps T. Default 10.</summary>
    public int TimeSteps { get; set; } = 10;

    /// <summary>Membrane decay β. Default 0.9.</summary>
    public double Beta { get; set; } = 0.9;

    /// <summary>Firing threshold. Default 1.</summary>
    public double Threshold { get; set; } = 1.0;

    /// <summary>Slope of the fast-sigmoid surrogate. Default 25.</summary>
    public double SurrogateSlope { get; set; } = 25;

    /// <summary>What the embedding is made of. Default <see cref="SpikingEmbedding.SpikeCounts"/>.</summary>
    public SpikingEmbedding Embedding { get; set; } = SpikingEmbedding.SpikeCounts;

    /// <summary>Seed of the rate code's draws. Default 0.</summary>
    public ulong EncodingSeed { get; set; }

    internal override byte Kind => KindTag;

    /// <inheritdoc/>
    public override string ToString() => $"SNN conv [{string.Join(", ", Channels)}] k{KernelSize} β={Beta} T={TimeSteps} → {Embedding}";

    internal override nn.Module<Tensor, Tensor> Create(int height, int width, Generator generator) => new SpikingConvBackbone(this, generator);

    /// <inheritdoc/>
    /// <remarks>The rate code's draws are those of the module (keyed by the image and <see cref="EncodingSeed"/>), so both give the same embedding.</remarks>
    public override Tensor Forward(Tensor images, IReadOnlyList<Tensor> parameters)
    {
        CheckForwardArguments(images, parameters);
        var neurons = CreateNeurons();
        try
        {
            return Run(images, neurons, (x, l) => Convolve(x, parameters, l));
        }
        finally
        {
            foreach (var neuron in neurons)
                neuron.Dispose();
        }
    }

    /// <summary>One Leaky layer per convolution, with this backbone's β, threshold and surrogate.</summary>
    internal Leaky[] CreateNeurons()
    {
        var surrogate = new FastSigmoid(SurrogateSlope);
        return Channels.Select(_ => new Leaky(Beta, Threshold, surrogate: surrogate) { ValidateInput = false }).ToArray();
    }

    /// <summary>
    /// The backbone's computation with its convolutions given as a function: rate-coded spikes [T, B, 1, H, W],
    /// then (convolution → 2×2 max-pool → Leaky) per layer at each step, as snnTorch's loop steps; the embedding
    /// is the last layer's spike counts or mean membrane, flattened.
    /// </summary>
    internal Tensor Run(Tensor images, IList<Leaky> neurons, Func<Tensor, int, Tensor> convolve)
    {
        Tensor spikes;
        using (var uniform = KeyedNoise.For(images, TimeSteps, EncodingSeed))
            spikes = SpikeGeneration.Rate(images, uniform);
        foreach (var neuron in neurons)
            neuron.ResetState();
        var output = neurons[^1];
        Tensor? sum = null;
        for (var t = 0; t < TimeSteps; t++)
        {
            var x = spikes[t];
            for (var l = 0; l < neurons.Count; l++)
                x = neurons[l].forward(nn.functional.max_pool2d(convolve(x, l), 2));
            var term = Embedding == SpikingEmbedding.SpikeCounts ? x : output.Membrane!;
            sum = sum is null ? term : sum + term;
        }
        var embedding = Embedding == SpikingEmbedding.SpikeCounts ? sum! : sum! / TimeSteps;
        return embedding.flatten(1);
    }

    internal override void Validate()
    {
        base.Validate();
        NetworkValidation.AtLeast(TimeSteps, 1, nameof(TimeSteps));
        NetworkValidation.UnitInterval(Beta, nameof(Beta));
        NetworkValidation.PositiveFinite(Threshold, nameof(Threshold));
        NetworkValidation.PositiveFinite(SurrogateSlope, nameof(SurrogateSlope));
        NetworkValidation.Defined(Embedding, nameof(Embedding));
    }

    internal override void WriteBody(BinaryWriter writer)
    {
        base.WriteBody(writer);
        writer.Write(TimeSteps);
        writer.Write(Beta);
        writer.Write(Threshold);
        writer.Write(SurrogateSlope);
        writer.Write((byte)Embedding);
        writer.Write(EncodingSeed);
    }

    private protected override void ReadBody(BinaryReader reader, int version)
    {
        TimeSteps = reader.ReadInt32();
        Beta = reader.ReadDouble();
        Threshold = reader.ReadDouble();
        SurrogateSlope = reader.ReadDouble();
        Embedding = (SpikingEmbedding)reader.ReadByte();
        EncodingSeed = reader.ReadUInt64();
    }
}
