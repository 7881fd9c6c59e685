using Microsoft.ML;
using Microsoft.ML.Runtime;
using Synaptic.ML.Data;
using Synaptic.ML.Persistence;
using Synaptic.ML.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// What <c>Trainers.Maml</c> learns: an initialisation θ of a backbone and an N-way linear head that a few gradient
/// steps on a support set adapt to new classes (Finn et al., 2017). As a transform it appends the backbone's embedding
/// of each image under θ; <see cref="Adapt(IDataView, string, int?, PrototypeColumnNames?)"/> takes the steps on a
/// support set and returns a classifier for its classes, scored like the prototypical network's.
/// </summary>
/// <remarks>
/// Adapting and scoring are thread-safe: adaptation reads θ and writes only the new classifier's own weights.
/// </remarks>
public sealed class MamlTransformer : ImageEmbeddingTransformer, ISynapticModel<MamlTransformer>
{
    private readonly object _gate = new();

    internal MamlTransformer(IHostEnvironment env, string outputColumnName, string inputColumnName, MamlNetwork network, int adaptationSteps, TrainingHistory? history)
        : base(env, nameof(MamlTransformer), outputColumnName, inputColumnName, network.Embedder)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(adaptationSteps);
        Network = network;
        AdaptationSteps = adaptationSteps;
        TrainingHistory = history;
    }

    /// <summary>N: the head's outputs, so the number of classes of a support set to adapt to.</summary>
    public int Ways => Network.Ways;

    /// <summary>Gradient steps <see cref="Adapt(IDataView, string, int?, PrototypeColumnNames?)"/> takes unless told otherwise (the trainer's <c>EvaluationInnerSteps</c>).</summary>
    public int AdaptationSteps { get; }

    /// <summary>α, the inner learning rate (the initial value of the learned rates with Meta-SGD).</summary>
    public double InnerLearningRate => Network.InnerLearningRate;

    /// <summary>Whether each weight has its own learned inner learning rate (Meta-SGD).</summary>
    public bool LearnsInnerLearningRates => Network.LearnsInnerLearningRates;

    /// <summary>What happened during meta-training (saved with the model).</summary>
    public TrainingHistory? TrainingHistory { get; }

    /// <inheritdoc/>
    public static ModelFormat ModelFormat { get; } = new("SNMAML  ", 0x00010001, 0x00010001, "SynapticMaml");

    internal MamlNetwork Network { get; }

    /// <summary>
    /// Adapts θ to a support set with <paramref name="steps"/> gradient steps on its cross-entropy (full batch) and
    /// returns the adapted classifier. Support class c (in the label's order) is head output c.
    /// </summary>
    /// <param name="support">Labelled support images: exactly <see cref="Ways"/> classes, each with at least one image.</param>
    /// <param name="labelColumnName">The support's label column (a key with class names, an integer or text). Default "Label".</param>
    /// <param name="steps">Gradient steps; null for <see cref="AdaptationSteps"/>.</param>
    /// <param name="columns">Names of the classifier's output columns; default Embedding, Score, PredictedLabel.</param>
    /// <returns>The adapted classifier.</returns>
    /// <exception cref="ArgumentException">The support set has another number of classes than <see cref="Ways"/>, a class without images, or images of another size (LabeledImages refuses pixels outside [0, 1]).</exception>
    public MamlClassifierTransformer Adapt(IDataView support, string labelColumnName = LabeledImages.Columns.Label, int? steps = null, PrototypeColumnNames? columns = null)
    {
        ArgumentNullException.ThrowIfNull(support);
        return Adapt(ReadImages(support, labelColumnName), steps, columns);
    }

    /// <summary>Adapts θ to labelled images (see the <see cref="IDataView"/> overload).</summary>
    /// <param name="support">The support images.</param>
    /// <param name="steps">Gradient steps; null for <see cref="AdaptationSteps"/>.</param>
    /// <param name="columns">Names of the output columns.</param>
    /// <returns>The adapted classifier.</returns>
    public MamlClassifierTransformer Adapt(LabeledImages support, int? steps = null, PrototypeColumnNames? columns = null)
    {
        ArgumentNullException.ThrowIfNull(support);
        var stepCount = steps ?? AdaptationSteps;
        ArgumentOutOfRangeException.ThrowIfNegative(stepCount, nameof(steps));
        CheckSize(support.Height, support.Width, "support set");
        SupportClassifierTransformer.CheckSupport(Embedder, support, Ways);
        TorchRuntime.EnsureAvailable();
        lock (_gate)
        {
            using var scope = NewDisposeScope();
            using var gradients = enable_grad();
            var (images, labels) = Network.Batch(support);
            var adapted = Network.Adapt(images, labels, stepCount, MamlGradient.None);
            var embedder = new ImageEmbedder(Embedder.Options, Embedder.Height, Embedder.Width, 0);
            using (no_grad())
            {
                var target = embedder.Module.parameters().ToArray();
                for (var i = 0; i < target.Length; i++)
                    target[i].copy_(adapted[i]);
            }
            var weight = adapted[^2].detach().contiguous().data<float>().ToArray();
            var bias = adapted[^1].detach().contiguous().data<float>().ToArray();
            return new MamlClassifierTransformer(Host, InputColumnName, columns ?? new PrototypeColumnNames(), embedder, weight, bias, support.ClassNames.ToArray());
        }
    }

    /// <summary>Predicted query labels of an episode after adapting to its support (the evaluation's path).</summary>
    internal int[] Predict(FewShotEpisode episode, int steps)
    {
        lock (_gate)
        {
            using var gradients = enable_grad();
            return Network.Predict(episode, steps);
        }
    }

    /// <inheritdoc/>
    public void SaveModel(SynapticModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        SaveColumns(writer);
        writer.WriteStream("Network", Network.Write);
        writer.Writer.Write(AdaptationSteps);
        Trainers.TrainingHistory.WriteOptional(writer, TrainingHistory);
    }

    /// <inheritdoc/>
    public static MamlTransformer LoadModel(IHostEnvironment env, SynapticModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        TorchRuntime.EnsureAvailable();
        var (output, input) = LoadColumns(reader);
        MamlNetwork? network = null;
        reader.ReadStream("Network", r => network = MamlNetwork.Read(r));
        var steps = reader.Reader.ReadInt32();
        if (steps is < 0 or > 1_000_000)
            throw reader.Corrupt($"it adapts with {steps} steps");
        var history = TrainingHistory.ReadOptional(reader);
        return reader.Create(() => new MamlTransformer(env, output, input, network!, steps, history));
    }
}
