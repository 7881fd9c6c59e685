using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Synaptic.ML.Data;
using Synaptic.ML.Persistence;
using Synaptic.ML.Transforms;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Maps an image column (a float vector of Height × Width pixels in [0, 1]) to an embedding column with a
/// spiking or artificial convolutional backbone. It is what <c>Transforms.SpikingFeaturizer</c> gives (random
/// seeded weights) and what <c>Trainers.PrototypicalNetwork</c> trains; from a trained one,
/// <see cref="CreatePrototypeClassifier(IDataView, string, PrototypeColumnNames?)"/> builds a classifier for any support set, including classes never
/// seen in training.
/// </summary>
public sealed class ImageFeaturizerTransformer : ImageEmbeddingTransformer, ISynapticModel<ImageFeaturizerTransformer>
{
    internal ImageFeaturizerTransformer(IHostEnvironment env, string outputColumnName, string inputColumnName, ImageEmbedder embedder, TrainingHistory? history,
        int batchSize = DefaultBatchSize)
        : base(env, nameof(ImageFeaturizerTransformer), outputColumnName, inputColumnName, embedder, batchSize)
    {
        TrainingHistory = history;
    }

    /// <summary>What happened during episodic training, when the featurizer came from the trainer (saved with it).</summary>
    public TrainingHistory? TrainingHistory { get; }

    /// <inheritdoc/>
    /// <remarks>0x00010002: the keyed training history; readers before it cannot read that, so it needs a reader of 0x00010002.</remarks>
    public static ModelFormat ModelFormat { get; } = new("SNFEATUR", 0x00010002, 0x00010001, "SynapticImageFeaturizer", MinimumReaderVersion: 0x00010002);

    /// <summary>
    /// Builds a prototypical classifier from a support set: each class's prototype is the mean embedding of its
    /// support images. The classes may be any, including ones never seen in training.
    /// </summary>
    /// <param name="support">Labelled support images.</param>
    /// <param name="labelColumnName">The support's label column (a key with class names, an integer or text). Default "Label".</param>
    /// <param name="columns">Names of the classifier's output columns; default Embedding, Score, PredictedLabel.</param>
    /// <returns>The classifier: this featurizer's image column in; embedding, scores and predicted label out.</returns>
    /// <exception cref="ArgumentNullException">No support set (a query needs one).</exception>
    /// <exception cref="ArgumentException">The support set has fewer than 2 classes, a class without examples, or images of another size.</exception>
    public PrototypeClassifierTransformer CreatePrototypeClassifier(IDataView support, string labelColumnName = LabeledImages.Columns.Label, PrototypeColumnNames? columns = null)
    {
        ArgumentNullException.ThrowIfNull(support, nameof(support));
        var images = ReadImages(support, labelColumnName);
        return PrototypeClassifierTransformer.Create(Host, InputColumnName, columns ?? new PrototypeColumnNames(), Embedder, images);
    }

    /// <summary>Builds a prototypical classifier from labelled images (see the <see cref="IDataView"/> overload).</summary>
    /// <param name="support">The support images.</param>
    /// <param name="columns">Names of the output columns.</param>
    /// <returns>The classifier.</returns>
    public PrototypeClassifierTransformer CreatePrototypeClassifier(LabeledImages support, PrototypeColumnNames? columns = null)
    {
        ArgumentNullException.ThrowIfNull(support, nameof(support));
        CheckSize(support.Height, support.Width, "support set");
        return PrototypeClassifierTransformer.Create(Host, InputColumnName, columns ?? new PrototypeColumnNames(), Embedder, support);
    }

    /// <inheritdoc/>
    public void SaveModel(SynapticModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        SaveColumns(writer);
        writer.WriteStream("Backbone", Embedder.Write);
        Trainers.TrainingHistory.WriteOptional(writer, TrainingHistory);
    }

    /// <inheritdoc/>
    public static ImageFeaturizerTransformer LoadModel(IHostEnvironment env, SynapticModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        TorchRuntime.EnsureAvailable();
        var (output, input) = LoadColumns(reader);
        ImageEmbedder? embedder = null;
        reader.ReadStream("Backbone", r => embedder = ImageEmbedder.Read(r));
        // 0x00010001 saved the few-shot history's own fields; 0x00010002 the shared keyed history.
        var history = TrainingHistory.ReadOptional(reader, reader.WrittenVersion >= 0x00010002 ? TrainingHistory.Read : TrainingHistory.ReadFewShotEpisodes);
        return reader.Create(() => new ImageFeaturizerTransformer(env, output, input, embedder!, history));
    }

}
