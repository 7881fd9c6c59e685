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
public sealed class ImageFeaturizerTransformer : VectorColumnTransformer, ISynapticModel<ImageFeaturizerTransformer>
{
    /// <summary>The default of <see cref="BatchSize"/>: 256 images per forward.</summary>
    public const int DefaultBatchSize = 256;

    internal ImageFeaturizerTransformer(IHostEnvironment env, string outputColumnName, string inputColumnName, ImageEmbedder embedder, TrainingHistory? history,
        int batchSize = DefaultBatchSize)
        : base(env, nameof(ImageFeaturizerTransformer), outputColumnName, inputColumnName)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        Embedder = embedder;
        TrainingHistory = history;
        BatchSize = batchSize;
    }

    /// <summary>
    /// Images a cursor over the transformed data runs through the network in one forward: it reads that many rows
    /// ahead and serves their embeddings one by one. Default <see cref="DefaultBatchSize"/>. It changes speed and
    /// memory, never an embedding (an image's embedding does not depend on the images beside it). <c>PredictionEngine</c>
    /// embeds one row at a time. A setting of how the transform runs, not of the model: it is not saved, and a loaded
    /// featurizer uses the default.
    /// </summary>
    public int BatchSize { get; }

    /// <summary>The backbone's description.</summary>
    public BackboneOptions Backbone => Embedder.Options;

    /// <summary>Image height the backbone was built for.</summary>
    public int ImageHeight => Embedder.Height;

    /// <summary>Image width the backbone was built for.</summary>
    public int ImageWidth => Embedder.Width;

    /// <summary>Values per embedding.</summary>
    public int EmbeddingSize => Embedder.EmbeddingSize;

    /// <summary>What happened during episodic training, when the featurizer came from the trainer (saved with it).</summary>
    public TrainingHistory? TrainingHistory { get; }

    /// <inheritdoc/>
    /// <remarks>0x00010002: the keyed training history; readers before it cannot read that, so it needs a reader of 0x00010002.</remarks>
    public static ModelFormat ModelFormat { get; } = new("SNFEATUR", 0x00010002, 0x00010001, "SynapticImageFeaturizer", MinimumReaderVersion: 0x00010002);

    internal ImageEmbedder Embedder { get; }

    /// <summary>The embedding of one image.</summary>
    /// <param name="image">Height × Width pixels in [0, 1].</param>
    /// <returns>The embedding.</returns>
    /// <exception cref="ArgumentException">The image has the wrong size or a value outside [0, 1].</exception>
    public float[] Embed(ReadOnlySpan<float> image)
    {
        CheckImage(image, "image");
        var embedding = new float[EmbeddingSize];
        Embedder.Embed(image, 1, embedding);
        return embedding;
    }

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

    private protected override VectorDataViewType GetOutputType(DataViewType inputType)
    {
        var size = InputSize(inputType);
        if (size != Embedder.PixelsPerImage)
            throw new ArgumentOutOfRangeException(nameof(inputType),
                $"{ComponentName}: column '{InputColumnName}' has {size} values per row; the backbone reads {ImageHeight}×{ImageWidth} = {Embedder.PixelsPerImage} pixels.");
        return new VectorDataViewType(NumberDataViewType.Single, EmbeddingSize);
    }

    private protected override int RowsPerBlock => BatchSize;

    private protected override ArgumentOutOfRangeException? CheckInput(ReadOnlySpan<float> input, long position)
    {
        var bad = IndexOfNonPixel(input);
        return bad < 0 ? null : BadValue(position, bad, input[bad], "pixels in [0, 1]");
    }

    private protected override void Map(ReadOnlySpan<float> input, Span<float> output, VectorDataViewType outputType, long position) =>
        Embedder.Embed(input, 1, output);

    private protected override void MapBlock(ReadOnlySpan<float> inputs, int count, Span<float> outputs, VectorDataViewType outputType) =>
        Embedder.Embed(inputs, count, outputs);

    /// <inheritdoc/>
    public void SaveModel(SynapticModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        SaveColumns(writer);
        writer.WriteStream("Backbone", Embedder.Write);
        writer.Writer.Write(TrainingHistory is not null);
        if (TrainingHistory is not null)
            writer.WriteStream("TrainingHistory", TrainingHistory.Write);
    }

    /// <inheritdoc/>
    public static ImageFeaturizerTransformer LoadModel(IHostEnvironment env, SynapticModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        TorchRuntime.EnsureAvailable();
        var (output, input) = LoadColumns(reader);
        ImageEmbedder? embedder = null;
        reader.ReadStream("Backbone", r => embedder = ImageEmbedder.Read(r));
        TrainingHistory? history = null;
        // 0x00010001 saved the few-shot history's own fields; 0x00010002 the shared keyed history.
        if (reader.Reader.ReadBoolean())
            reader.ReadStream("TrainingHistory", r => history = reader.WrittenVersion >= 0x00010002 ? TrainingHistory.Read(r) : TrainingHistory.ReadFewShotEpisodes(r));
        return reader.Create(() => new ImageFeaturizerTransformer(env, output, input, embedder!, history));
    }

    internal LabeledImages ReadImages(IDataView data, string labelColumnName)
    {
        var column = data.Schema.GetColumnOrNull(InputColumnName)
            ?? throw new ArgumentException($"The support set has no image column '{InputColumnName}' (columns: {string.Join(", ", data.Schema.Select(c => c.Name))}).", nameof(data));
        var size = column.Type is VectorDataViewType { IsKnownSize: true } vector ? vector.Size : -1;
        if (size != Embedder.PixelsPerImage)
            throw new ArgumentException(
                $"The support set's column '{InputColumnName}' holds {(size < 0 ? column.Type.ToString() : size + " values")} per row; the backbone reads {ImageHeight}×{ImageWidth} = {Embedder.PixelsPerImage} pixels.", nameof(data));
        if (data.Schema.GetColumnOrNull(labelColumnName) is null)
            throw new ArgumentException($"The support set has no label column '{labelColumnName}'.", nameof(data));
        return LabeledImages.FromDataView(data, InputColumnName, labelColumnName);
    }

    private void CheckImage(ReadOnlySpan<float> image, string what)
    {
        if (image.Length != Embedder.PixelsPerImage)
            throw new ArgumentException($"The {what} has {image.Length} pixels; the backbone reads {ImageHeight}×{ImageWidth} = {Embedder.PixelsPerImage}.");
        var bad = IndexOfNonPixel(image);
        if (bad >= 0)
            throw new ArgumentException($"Pixel {bad} of the {what} is {image[bad]}; pixels must lie in [0, 1].");
    }

    /// <summary>The first value that is not a pixel in [0, 1], or −1; NaN is one (CompareTo orders it below every number).</summary>
    private static int IndexOfNonPixel(ReadOnlySpan<float> image) => image.IndexOfAnyExceptInRange(0f, 1f);

    private void CheckSize(int height, int width, string what)
    {
        if (height != ImageHeight || width != ImageWidth)
            throw new ArgumentException($"The {what} holds {height}×{width} images; the backbone reads {ImageHeight}×{ImageWidth}.");
    }
}
