using System.Numerics.Tensors;
using Microsoft.ML.Runtime;
using Synaptic.ML.Persistence;

namespace Synaptic.ML.Trainers;

/// <summary>
/// A MAML model adapted to one support set (<see cref="MamlTransformer.Adapt(Microsoft.ML.IDataView, string, int?, PrototypeColumnNames?)"/>):
/// the adapted backbone embeds each image and the adapted linear head scores it; <c>Score</c> is the softmax of the
/// head's logits, one per support class in the support's class order. Columns, evaluation and persistence as every
/// <see cref="SupportClassifierTransformer"/> (the adapted weights and class names are saved in the zip).
/// </summary>
public sealed class MamlClassifierTransformer : SupportClassifierTransformer, ISynapticModel<MamlClassifierTransformer>
{
    private readonly float[] _weight;
    private readonly float[] _bias;

    internal MamlClassifierTransformer(IHostEnvironment env, string imageColumnName, PrototypeColumnNames columns, ImageEmbedder embedder,
        float[] weight, float[] bias, string[] classNames)
        : base(env, nameof(MamlClassifierTransformer), imageColumnName, columns, embedder, classNames)
    {
        if (weight.Length != classNames.Length * embedder.EmbeddingSize || bias.Length != classNames.Length)
            throw new ArgumentException($"A head of {weight.Length} weights and {bias.Length} biases does not fit {classNames.Length} classes × {embedder.EmbeddingSize}.");
        _weight = weight;
        _bias = bias;
    }

    /// <inheritdoc/>
    public static ModelFormat ModelFormat { get; } = new("SNMAMLCL", 0x00010001, 0x00010001, "SynapticMamlClassifier");

    private protected override int Classify(ReadOnlySpan<float> embedding, Span<float> scores)
    {
        var d = EmbeddingSize;
        var best = 0;
        for (var c = 0; c < scores.Length; c++)
        {
            scores[c] = _bias[c] + TensorPrimitives.Dot(_weight.AsSpan(c * d, d), embedding);
            if (scores[c] > scores[best])
                best = c;
        }
        // Softmax, shifted by the largest logit so that no exponential overflows.
        TensorPrimitives.Subtract(scores, scores[best], scores);
        TensorPrimitives.Exp(scores, scores);
        TensorPrimitives.Divide(scores, TensorPrimitives.Sum(scores), scores);
        return best;
    }

    /// <inheritdoc/>
    public void SaveModel(SynapticModelWriter writer)
    {
        SaveBackbone(writer);
        writer.WriteStream("Head", w => WriteClassesAndValues(w, [.. _weight, .. _bias]));
    }

    /// <inheritdoc/>
    public static MamlClassifierTransformer LoadModel(IHostEnvironment env, SynapticModelReader reader)
    {
        var (input, columns, embedder) = LoadBackbone(reader);
        string[] names = [];
        float[] values = [];
        reader.ReadStream("Head", r => (names, values) = ReadClassesAndValues(reader, r, "head"));
        var weights = names.Length * embedder.EmbeddingSize;
        if (values.Length != weights + names.Length)
            throw reader.Corrupt($"its head has {values.Length} values; {names.Length} classes × {embedder.EmbeddingSize} weights and {names.Length} biases are {weights + names.Length}");
        return reader.Create(() => new MamlClassifierTransformer(env, input, columns, embedder, values[..weights], values[weights..], names));
    }
}
