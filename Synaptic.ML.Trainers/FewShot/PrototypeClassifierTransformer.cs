using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Synaptic.ML.Data;
using Synaptic.ML.Persistence;
using Synaptic.ML.Transforms;

namespace Synaptic.ML.Trainers;

/// <summary>
/// A prototypical-network classifier (Snell et al., 2017) for the classes of one support set: it embeds each
/// image and appends the embedding, <c>Score</c> (softmax over the negative squared Euclidean distances to the
/// class prototypes, one per support class in the support's class order) and <c>PredictedLabel</c> (a key whose
/// values are the support's class names). It works with <c>MulticlassClassification.Evaluate</c> (on data whose
/// label key has the same classes in the same order, as a <see cref="FewShotEpisode"/>'s query has),
/// <c>PredictionEngine</c> and <c>mlContext.Model.Save/Load</c> (backbone, prototypes and class names included).
/// </summary>
public sealed class PrototypeClassifierTransformer : AppendedColumnsTransformer, ISynapticModel<PrototypeClassifierTransformer>
{
    private const int EmbeddingBatch = 128;
    private readonly float[] _prototypes;
    private readonly string[] _classNames;

    private PrototypeClassifierTransformer(IHostEnvironment env, string imageColumnName, PrototypeColumnNames columns, ImageEmbedder embedder,
        float[] prototypes, string[] classNames)
        : base(env, nameof(PrototypeClassifierTransformer), imageColumnName)
    {
        columns.Validate();
        if (classNames.Length < 2)
            throw new ArgumentException($"A prototypical classifier needs at least 2 classes; the support set has {classNames.Length}.");
        if (prototypes.Length != classNames.Length * embedder.EmbeddingSize)
            throw new ArgumentException($"{prototypes.Length} prototype values do not fit {classNames.Length} classes × {embedder.EmbeddingSize}.");
        Columns = columns;
        Embedder = embedder;
        _prototypes = prototypes;
        _classNames = classNames;
    }

    /// <summary>Names of the appended columns.</summary>
    public PrototypeColumnNames Columns { get; }

    /// <summary>The support's classes, in score order.</summary>
    public IReadOnlyList<string> ClassNames => _classNames;

    /// <summary>Values per embedding.</summary>
    public int EmbeddingSize => Embedder.EmbeddingSize;

    /// <summary>The prototype (mean support embedding) of class <paramref name="index"/>.</summary>
    /// <param name="index">The class index, in <see cref="ClassNames"/> order.</param>
    /// <returns>The prototype.</returns>
    public ReadOnlySpan<float> Prototype(int index) => _prototypes.AsSpan(index * EmbeddingSize, EmbeddingSize);

    /// <inheritdoc/>
    public static ModelFormat ModelFormat { get; } = new("SNPROTO ", 0x00010001, 0x00010001, "SynapticPrototypes");

    internal ImageEmbedder Embedder { get; }

    internal static PrototypeClassifierTransformer Create(IHostEnvironment env, string imageColumnName, PrototypeColumnNames columns, ImageEmbedder embedder, LabeledImages support)
    {
        if (support.Height != embedder.Height || support.Width != embedder.Width)
            throw new ArgumentException($"The support set holds {support.Height}×{support.Width} images; the backbone reads {embedder.Height}×{embedder.Width}.", nameof(support));
        if (support.ClassCount < 2)
            throw new ArgumentException($"A prototypical classifier needs at least 2 classes; the support set has {support.ClassCount}.", nameof(support));
        for (var c = 0; c < support.ClassCount; c++)
        {
            if (support.ExamplesOf(c).Count == 0)
                throw new ArgumentException($"Class '{support.ClassNames[c]}' of the support set has no examples; every class needs at least one to make its prototype.", nameof(support));
        }
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

    private protected override IReadOnlyList<DataViewSchema.DetachedColumn> GetOutputColumns(DataViewType inputType)
    {
        var size = InputSize(inputType);
        if (size != Embedder.PixelsPerImage)
            throw new ArgumentOutOfRangeException(nameof(inputType),
                $"{ComponentName}: column '{InputColumnName}' has {size} values per row; the backbone reads {Embedder.Height}×{Embedder.Width} = {Embedder.PixelsPerImage} pixels.");
        var annotations = new DataViewSchema.Annotations.Builder();
        ValueGetter<VBuffer<ReadOnlyMemory<char>>> keyValues = (ref VBuffer<ReadOnlyMemory<char>> values) =>
        {
            var editor = VBufferEditor.Create(ref values, _classNames.Length);
            for (var i = 0; i < _classNames.Length; i++)
                editor.Values[i] = _classNames[i].AsMemory();
            values = editor.Commit();
        };
        annotations.Add("KeyValues", new VectorDataViewType(TextDataViewType.Instance, _classNames.Length), keyValues);
        return
        [
            new(Columns.Embedding, new VectorDataViewType(NumberDataViewType.Single, EmbeddingSize)),
            new(Columns.Score, new VectorDataViewType(NumberDataViewType.Single, _classNames.Length)),
            new(Columns.PredictedLabel, new KeyDataViewType(typeof(uint), _classNames.Length), annotations.ToAnnotations()),
        ];
    }

    private protected override Delegate?[] CreateGetters(DataViewRow inputRow, DataViewSchema.Column input, bool[] active)
    {
        var reader = CreateDenseReader(inputRow, input);
        var embedding = new float[EmbeddingSize];
        var scores = new float[_classNames.Length];
        var predicted = 0u;
        long position = -1;
        void Update()
        {
            if (inputRow.Position == position)
                return;
            var image = reader.Read();
            var bad = image.IndexOfAnyExceptInRange(0f, 1f);
            if (bad >= 0)
                throw BadValue(inputRow.Position, bad, image[bad], "pixels in [0, 1]");
            Embedder.Embed(image, 1, embedding);
            predicted = (uint)PrototypeMath.Scores(embedding, _prototypes, scores) + 1;
            position = inputRow.Position;
        }
        return
        [
            active[0] ? (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) => { Update(); Copy(embedding, ref value); }) : null,
            active[1] ? (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) => { Update(); Copy(scores, ref value); }) : null,
            active[2] ? (ValueGetter<uint>)((ref uint value) => { Update(); value = predicted; }) : null,
        ];
    }

    /// <inheritdoc/>
    public void SaveModel(SynapticModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Writer.Write(InputColumnName);
        Columns.Write(writer.Writer);
        writer.WriteStream("Backbone", Embedder.Write);
        writer.WriteStream("Prototypes", w =>
        {
            w.Write(_classNames.Length);
            foreach (var name in _classNames)
                w.Write(name);
            w.Write(_prototypes.Length);
            foreach (var v in _prototypes)
                w.Write(v);
        });
    }

    /// <inheritdoc/>
    public static PrototypeClassifierTransformer LoadModel(IHostEnvironment env, SynapticModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        TorchRuntime.EnsureAvailable();
        var input = reader.Reader.ReadString();
        var columns = PrototypeColumnNames.Read(reader.Reader);
        ImageEmbedder? embedder = null;
        reader.ReadStream("Backbone", r => embedder = ImageEmbedder.Read(r));
        string[] names = [];
        float[] prototypes = [];
        reader.ReadStream("Prototypes", r =>
        {
            var count = r.ReadInt32();
            if (count is < 0 or > 1_000_000)
                throw reader.Corrupt($"it has {count} classes");
            names = new string[count];
            for (var i = 0; i < count; i++)
                names[i] = r.ReadString();
            var length = r.ReadInt32();
            if (length < 0 || length > 100_000_000)
                throw reader.Corrupt($"it has {length} prototype values");
            prototypes = new float[length];
            for (var i = 0; i < length; i++)
                prototypes[i] = r.ReadSingle();
        });
        return reader.Create(() => new PrototypeClassifierTransformer(env, input, columns, embedder!, prototypes, names));
    }

    private static void Copy(float[] source, ref VBuffer<float> value)
    {
        var editor = VBufferEditor.Create(ref value, source.Length);
        source.CopyTo(editor.Values);
        value = editor.Commit();
    }
}
