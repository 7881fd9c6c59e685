using Synaptic.ML.Data;
using Synaptic.ML.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The network MAML meta-learns (Finn et al., 2017): a convolutional backbone (artificial or spiking) and a linear
/// head of one output per way, whose weights θ are the initialisation that a few gradient steps on a support set
/// adapt; with Meta-SGD (Li et al., 2017) also one learned inner learning rate per weight. The inner loop runs
/// the backbone's functional forward (<see cref="BackboneOptions.Forward"/>) on the adapted weights, so the query
/// loss differentiates through the adaptation.
/// </summary>
internal sealed class MamlNetwork : nn.Module
{
    private readonly nn.Module<Tensor, Tensor> backbone;
    private readonly Linear head;
    private readonly ParameterList rates = new();
    private readonly BackboneOptions _options;

    public MamlNetwork(BackboneOptions options, int height, int width, int ways, double innerLearningRate, bool learnInnerLearningRates, ulong seed)
        : base(nameof(MamlNetwork))
    {
        options.Validate();
        _options = options;
        Ways = ways;
        InnerLearningRate = innerLearningRate;
        LearnsInnerLearningRates = learnInnerLearningRates;
        using var generator = new Generator(seed);
        backbone = options.Create(height, width, generator);
        head = nn.Linear(options.EmbeddingSize(height, width), ways);
        LayerInitialization.PyTorchDefaultLinear(head, generator);
        if (learnInnerLearningRates)
        {
            foreach (var weight in backbone.parameters().Concat(head.parameters()).ToArray())
                rates.Add(new Parameter(full_like(weight, innerLearningRate)));
        }
        RegisterComponents();
        Embedder = new ImageEmbedder(options, height, width, backbone);
    }

    /// <summary>The backbone bound to the image size, for embeddings with the meta-learned weights.</summary>
    public ImageEmbedder Embedder { get; }

    /// <summary>N, outputs of the head.</summary>
    public int Ways { get; }

    /// <summary>α, the inner learning rate (the initial value of every learned rate with Meta-SGD).</summary>
    public double InnerLearningRate { get; }

    /// <summary>Whether each weight has a learned inner learning rate (Meta-SGD).</summary>
    public bool LearnsInnerLearningRates { get; }

    /// <summary>θ: the backbone's weights (in its functional forward's order), then the head's weight and bias.</summary>
    public IReadOnlyList<Parameter> Weights => backbone.parameters().Concat(head.parameters()).ToArray();

    /// <summary>What the meta-optimiser updates: θ, and the inner learning rates with Meta-SGD.</summary>
    public IEnumerable<Parameter> MetaParameters => parameters();

    /// <summary>Logits [B, N] of images [B, 1, H, W] under <paramref name="weights"/> (θ or adapted weights, in <see cref="Weights"/>' order).</summary>
    public Tensor Logits(Tensor images, IReadOnlyList<Tensor> weights)
    {
        var count = weights.Count;
        var embeddings = _options.Forward(images, new ArraySegment<Tensor>(weights.ToArray(), 0, count - 2));
        return nn.functional.linear(embeddings, weights[count - 2], weights[count - 1]);
    }

    /// <summary>
    /// The inner loop: <paramref name="steps"/> gradient steps on the cross-entropy of the support, each
    /// φ ← φ − α ⊙ ∇φ L(φ), from φ = θ.
    /// </summary>
    /// <param name="images">Support images [B, 1, H, W].</param>
    /// <param name="labels">Support labels [B], 0 to N − 1.</param>
    /// <param name="steps">Gradient steps.</param>
    /// <param name="mode">
    /// <see cref="MamlGradient.SecondOrder"/>: the steps are on the autograd graph (create_graph), so the query loss's
    /// gradient includes the Hessian terms; <see cref="MamlGradient.FirstOrder"/>: the support gradients are constants,
    /// so the query loss's gradient with respect to θ is its gradient at φ; <see cref="MamlGradient.None"/>: adaptation
    /// only (at test time), from a detached copy of θ.
    /// </param>
    /// <returns>φ, in <see cref="Weights"/>' order.</returns>
    public IReadOnlyList<Tensor> Adapt(Tensor images, Tensor labels, int steps, MamlGradient mode) =>
        // Held off from the collector: the steps' operators make native scalars on the fly (docs/torchsharp.md).
        CollectorPause.Run(() => AdaptSteps(images, labels, steps, mode));

    private IReadOnlyList<Tensor> AdaptSteps(Tensor images, Tensor labels, int steps, MamlGradient mode)
    {
        IReadOnlyList<Tensor> fast = mode == MamlGradient.None
            ? Weights.Select(w => w.detach().requires_grad_(true)).ToArray()
            : Weights;
        for (var s = 0; s < steps; s++)
        {
            using var loss = nn.functional.cross_entropy(Logits(images, fast), labels);
            var gradients = autograd.grad([loss], fast.ToArray(), retain_graph: mode == MamlGradient.SecondOrder, create_graph: mode == MamlGradient.SecondOrder);
            var next = new Tensor[fast.Count];
            for (var i = 0; i < next.Length; i++)
            {
                var step = LearnsInnerLearningRates
                    ? (mode == MamlGradient.None ? rates[i].detach() : rates[i]) * gradients[i]
                    : gradients[i] * InnerLearningRate;
                next[i] = fast[i] - step;
                if (mode == MamlGradient.None)
                    next[i] = next[i].detach().requires_grad_(true);
            }
            fast = next;
        }
        return fast;
    }

    /// <summary>
    /// Adapts to an episode's support at test time and predicts its queries: the label (0 to N − 1) of the largest
    /// logit of each query under the adapted weights.
    /// </summary>
    public int[] Predict(FewShotEpisode episode, int steps)
    {
        using var scope = NewDisposeScope();
        var (images, labels) = Batch(episode.Support);
        var adapted = Adapt(images, labels, steps, MamlGradient.None);
        using var inference = no_grad();
        var predicted = Logits(Batch(episode.Query).Images, adapted).argmax(1);
        return predicted.data<long>().Select(p => (int)p).ToArray();
    }

    /// <summary>Images [B, 1, H, W] and labels [B] of labelled images.</summary>
    public (Tensor Images, Tensor Labels) Batch(LabeledImages set) =>
        (Tensors.Copy(set.Pixels.Span, set.Count, 1, Embedder.Height, Embedder.Width), tensor(set.Labels.Select(l => (long)l).ToArray()));

    /// <summary>Writes the description (backbone, image size, ways, inner learning rate, Meta-SGD) and the weights.</summary>
    public void Write(BinaryWriter writer)
    {
        Embedder.Options.Write(writer);
        writer.Write(Embedder.Height);
        writer.Write(Embedder.Width);
        writer.Write(Ways);
        writer.Write(InnerLearningRate);
        writer.Write(LearnsInnerLearningRates);
        save(writer);
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    public static MamlNetwork Read(BinaryReader reader)
    {
        var options = BackboneOptions.Read(reader);
        var height = reader.ReadInt32();
        var width = reader.ReadInt32();
        var ways = reader.ReadInt32();
        var rate = reader.ReadDouble();
        var learnsRates = reader.ReadBoolean();
        if (height is <= 0 or > 4096 || width is <= 0 or > 4096 || ways is < 2 or > 100_000 || !double.IsFinite(rate) || rate <= 0)
            throw new InvalidDataException($"A saved MAML network is bound to {height}×{width} images, {ways} ways, inner learning rate {rate}.");
        var network = new MamlNetwork(options, height, width, ways, rate, learnsRates, 0);
        network.load(reader, strict: true);
        return network;
    }

    /// <summary>The learned inner learning rate of each weight (Meta-SGD), in <see cref="Weights"/>' order; empty without.</summary>
    public IReadOnlyList<Parameter> InnerLearningRates => rates.ToArray();
}

/// <summary>How the inner loop's steps enter the meta-gradient.</summary>
internal enum MamlGradient
{
    /// <summary>Through the steps' own gradients (second-order MAML).</summary>
    SecondOrder,

    /// <summary>With the support gradients as constants (first-order MAML, FOMAML).</summary>
    FirstOrder,

    /// <summary>Not at all: adaptation at test time.</summary>
    None,
}
