using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Synaptic.ML.Data;
using Synaptic.ML.Transforms;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Maps an image column (a float vector of Height × Width pixels in [0, 1]) to an embedding column with a spiking or
/// artificial convolutional backbone, a block of rows per forward. The featurizers (<see cref="ImageFeaturizerTransformer"/>)
/// and MAML's meta-learned model (<see cref="MamlTransformer"/>) are its kinds; they differ in what they build from a
/// support set.
/// </summary>
public abstract class ImageEmbeddingTransformer : VectorColumnTransformer
{
    /// <summary>The default of <see cref="BatchSize"/>: 256 images per forward.</summary>
    public const int DefaultBatchSize = 256;

    private protected ImageEmbeddingTransformer(IHostEnvironment env, string registrationName, string outputColumnName, string inputColumnName, ImageEmbedder embedder,
        int batchSize = DefaultBatchSize)
        : base(env, registrationName, outputColumnName, inputColumnName)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        Embedder = embedder;
        BatchSize = batchSize;
    }

    /// <summary>
    /// Images a cursor over the transformed data runs through the network in one forward: it reads that many rows
    /// ahead and serves their embeddings one by one. Default <see cref="DefaultBatchSize"/>. It changes speed and
    /// memory, not what is computed: a spiking backbone's embedding is the same bits in any batch; an ANN backbone's may
    /// differ in the last bits, since libtorch picks its convolution kernels by batch size. <c>PredictionEngine</c>
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

    private protected void CheckImage(ReadOnlySpan<float> image, string what)
    {
        if (image.Length != Embedder.PixelsPerImage)
            throw new ArgumentException($"The {what} has {image.Length} pixels; the backbone reads {ImageHeight}×{ImageWidth} = {Embedder.PixelsPerImage}.");
        var bad = IndexOfNonPixel(image);
        if (bad >= 0)
            throw new ArgumentException($"Pixel {bad} of the {what} is {image[bad]}; pixels must lie in [0, 1].");
    }

    /// <summary>The first value that is not a pixel in [0, 1], or −1; NaN is one (CompareTo orders it below every number).</summary>
    private static int IndexOfNonPixel(ReadOnlySpan<float> image) => image.IndexOfAnyExceptInRange(0f, 1f);

    private protected void CheckSize(int height, int width, string what)
    {
        if (height != ImageHeight || width != ImageWidth)
            throw new ArgumentException($"The {what} holds {height}×{width} images; the backbone reads {ImageHeight}×{ImageWidth}.");
    }
}
