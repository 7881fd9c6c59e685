using Microsoft.ML.Runtime;
using Synaptic.ML.Data;
using Synaptic.ML.Persistence;

namespace Synaptic.ML.Trainers;

/// <summary>
/// A prototypical-network classifier (Snell et al., 2017) for the classes of one support set: <c>Score</c> is the
/// softmax over the negative squared Euclidean distances from the image's embedding to the class prototypes (the
/// mean support embedding of each class). Columns, evaluation and persistence as every
/// <see cref="SupportClassifierTransformer"/> (backbone, prototypes and class names saved in the zip).
/// </summary>
public sealed class PrototypeClassifierTransformer : SupportClassifierTransformer, ISynapticModel<PrototypeClassifierTransformer>
{
    private const int EmbeddingBatch = 128;
    private readonly float[] _prototypes;

    private PrototypeClassifierTransformer(IHostEnvironment env, string imageColumnName, PrototypeColumnNames columns, ImageEmbedder embedder,
        float[] prototypes, string[] classNames)
        : base(env, nameof(PrototypeClassifierTransformer), imageColumnName, columns, embedder, classNames)
    {
        if (prototypes.Length != classNames.Length * embedder.EmbeddingSize)
            throw new ArgumentException($"{prototypes.Length} prototype values do not fit {classNames.Length} classes × {embedder.EmbeddingSize}.");
        _prototypes = prototypes;
    }

    /// <summary>The prototype (mean support embedding) of class <paramref name="index"/>.</summary>
    /// <param name="index">The class index, in <see cref="SupportClassifierTransformer.ClassNames"/> order.</param>
    /// <returns>The prototype.</returns>
    public ReadOnlySpan<float> Prototype(int index) => _prototypes.AsSpan(index * EmbeddingSize, EmbeddingSize);

    /// <inheritdoc/>
    public static ModelFormat ModelFormat { get; } = new("SNPROTO ", 0x00010001, 0x00010001, "SynapticPrototypes");

    internal static PrototypeClassifierTransformer Create(IHostEnvironment env, string imageColumnName, PrototypeColumnNames columns, ImageEmbedder embedder, LabeledImages support)
    {
        CheckSupport(embedder, support);
        var d = embedder.EmbeddingSize;
        var embeddings = new float[support.Count * d];
        var pixels = support.Pixels.Span;
        var size = support.PixelsPerImage;
        for (var start = 0; start < support.Count; start += EmbeddingBatch)
        {
            var count = Math.Min(EmbeddingBatch, support.Count - start);
            embedder.Embed(pixels.Slice(start * size, count * size), count, embeddings.AsSpan(start * d, count * d));
        }
        var prototypes = PrototypeMath.Means(embeddings, support.Labels, support.ClassCount, d);
        return new PrototypeClassifierTransformer(env, imageColumnName, columns, embedder, prototypes, support.ClassNames.ToArray());
    }

    private protected override int Classify(ReadOnlySpan<float> embedding, Span<float> scores) => PrototypeMath.Scores(embedding, _prototypes, scores);

    /// <inheritdoc/>
    public void SaveModel(SynapticModelWriter writer)
    {
        SaveBackbone(writer);
        writer.WriteStream("Prototypes", w => WriteClassesAndValues(w, _prototypes));
    }

    /// <inheritdoc/>
    public static PrototypeClassifierTransformer LoadModel(IHostEnvironment env, SynapticModelReader reader)
    {
        var (input, columns, embedder) = LoadBackbone(reader);
        string[] names = [];
        float[] prototypes = [];
        reader.ReadStream("Prototypes", r => (names, prototypes) = ReadClassesAndValues(reader, r, "prototype"));
        return reader.Create(() => new PrototypeClassifierTransformer(env, input, columns, embedder, prototypes, names));
    }
}
