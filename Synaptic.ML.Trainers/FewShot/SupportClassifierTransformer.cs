using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Synaptic.ML.Data;
using Synaptic.ML.Persistence;
using Synaptic.ML.Transforms;

namespace Synaptic.ML.Trainers;

/// <summary>
/// A few-shot classifier for the classes of one support set: it embeds each image with a backbone and appends the
/// embedding, <c>Score</c> (a probability per support class, in the support's class order) and <c>PredictedLabel</c>
/// (a key whose values are the support's class names). It works with <c>MulticlassClassification.Evaluate</c> (on
/// data whose label key has the same classes in the same order, as a <see cref="FewShotEpisode"/>'s query has),
/// <c>PredictionEngine</c> and <c>mlContext.Model.Save/Load</c>. The prototypical network's classifier and MAML's
/// adapted classifier are its two kinds; they differ in how scores come from an embedding.
/// </summary>
/// <remarks>Scoring is thread-safe: the backbone runs one forward at a time.</remarks>
public abstract class SupportClassifierTransformer : AppendedColumnsTransformer
{
    private readonly string[] _classNames;

    private protected SupportClassifierTransformer(IHostEnvironment env, string name, string imageColumnName, PrototypeColumnNames columns, ImageEmbedder embedder, string[] classNames)
        : base(env, name, imageColumnName)
    {
        columns.Validate();
        if (classNames.Length < 2)
            throw new ArgumentException($"A few-shot classifier needs at least 2 classes; the support set has {classNames.Length}.");
        Columns = columns;
        Embedder = embedder;
        _classNames = classNames;
    }

    /// <summary>Names of the appended columns.</summary>
    public PrototypeColumnNames Columns { get; }

    /// <summary>The support's classes, in score order.</summary>
    public IReadOnlyList<string> ClassNames => _classNames;

    /// <summary>Values per embedding.</summary>
    public int EmbeddingSize => Embedder.EmbeddingSize;

    internal ImageEmbedder Embedder { get; }

    /// <summary>Writes the scores of <paramref name="embedding"/> (one per class, summing to 1) and returns the class with the highest.</summary>
    private protected abstract int Classify(ReadOnlySpan<float> embedding, Span<float> scores);

    /// <summary>
    /// Checks a support set for a classifier of <paramref name="embedder"/>: the backbone's image size, at least 2 classes,
    /// and at least one example of every class (none may be missing); with <paramref name="ways"/>, exactly that many classes.
    /// </summary>
    internal static void CheckSupport(ImageEmbedder embedder, LabeledImages support, int? ways = null)
    {
        if (support.Height != embedder.Height || support.Width != embedder.Width)
            throw new ArgumentException($"The support set holds {support.Height}×{support.Width} images; the backbone reads {embedder.Height}×{embedder.Width}.", nameof(support));
        if (support.ClassCount < 2)
            throw new ArgumentException($"A few-shot classifier needs at least 2 classes; the support set has {support.ClassCount}.", nameof(support));
        if (ways is int n && support.ClassCount != n)
            throw new ArgumentException(
                $"The support set has {support.ClassCount} classes; the model was meta-trained for {n}-way tasks (its head has {n} outputs), so it adapts to support sets of {n} classes.",
                nameof(support));
        for (var c = 0; c < support.ClassCount; c++)
        {
            if (support.ExamplesOf(c).Count == 0)
                throw new ArgumentException($"Class '{support.ClassNames[c]}' (id {c}) of the support set has no examples; every class needs at least one.", nameof(support));
        }
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

    /// <summary>
    /// Images a cursor over the transformed data embeds in one forward: <see cref="ImageEmbeddingTransformer.DefaultBatchSize"/>
    /// (<c>PredictionEngine</c> scores one row at a time). A spiking backbone gives the same bits in any batch; an ANN
    /// backbone's may differ in the last bits, since libtorch picks its convolution kernels by batch size.
    /// </summary>
    private protected override int RowsPerBlock => ImageEmbeddingTransformer.DefaultBatchSize;

    private protected override RowBlockMapper CreateBlockMapper(DataViewRow inputRow, DataViewSchema.Column input) =>
        new Block(this, CreateDenseReader(inputRow, input).Read);

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
            if (RowError(image, inputRow.Position) is { } error)
                throw error;
            Embedder.Embed(image, 1, embedding);
            predicted = (uint)Classify(embedding, scores) + 1;
            position = inputRow.Position;
        }
        return
        [
            active[0] ? (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) => { Update(); Copy(embedding, ref value); }) : null,
            active[1] ? (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) => { Update(); Copy(scores, ref value); }) : null,
            active[2] ? (ValueGetter<uint>)((ref uint value) => { Update(); value = predicted; }) : null,
        ];
    }

    private ArgumentOutOfRangeException? RowError(ReadOnlySpan<float> image, long position)
    {
        var bad = image.IndexOfAnyExceptInRange(0f, 1f);
        return bad < 0 ? null : BadValue(position, bad, image[bad], "pixels in [0, 1]");
    }

    /// <summary>Writes the image column, the output column names and the backbone; the kind writes its scoring part after them.</summary>
    private protected void SaveBackbone(SynapticModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Writer.Write(InputColumnName);
        Columns.Write(writer.Writer);
        writer.WriteStream("Backbone", Embedder.Write);
    }

    /// <summary>Reads what <see cref="SaveBackbone"/> wrote.</summary>
    private protected static (string Input, PrototypeColumnNames Columns, ImageEmbedder Embedder) LoadBackbone(SynapticModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        TorchRuntime.EnsureAvailable();
        var input = reader.Reader.ReadString();
        var columns = PrototypeColumnNames.Read(reader.Reader);
        ImageEmbedder? embedder = null;
        reader.ReadStream("Backbone", r => embedder = ImageEmbedder.Read(r));
        return (input, columns, embedder!);
    }

    /// <summary>Writes class names then a float array, as <see cref="ReadClassesAndValues"/> reads them.</summary>
    private protected void WriteClassesAndValues(BinaryWriter writer, float[] values)
    {
        writer.Write(_classNames.Length);
        foreach (var name in _classNames)
            writer.Write(name);
        writer.Write(values.Length);
        foreach (var v in values)
            writer.Write(v);
    }

    /// <summary>Reads class names and a float array, refusing counts no model could have.</summary>
    private protected static (string[] Names, float[] Values) ReadClassesAndValues(SynapticModelReader reader, BinaryReader r, string what)
    {
        var count = r.ReadInt32();
        if (count is < 0 or > 1_000_000)
            throw reader.Corrupt($"it has {count} classes");
        var names = new string[count];
        for (var i = 0; i < count; i++)
            names[i] = r.ReadString();
        var length = r.ReadInt32();
        if (length < 0 || length > 100_000_000)
            throw reader.Corrupt($"it has {length} {what} values");
        var values = new float[length];
        for (var i = 0; i < length; i++)
            values[i] = r.ReadSingle();
        return (names, values);
    }

    private static void Copy(ReadOnlySpan<float> source, ref VBuffer<float> value)
    {
        var editor = VBufferEditor.Create(ref value, source.Length);
        source.CopyTo(editor.Values);
        value = editor.Commit();
    }

    /// <summary>The block path: up to <see cref="RowsPerBlock"/> images embedded in one forward, then classified one by one.</summary>
    private sealed class Block(SupportClassifierTransformer transformer, Func<ReadOnlySpan<float>> read)
        : VectorRowBlockMapper(transformer.RowsPerBlock, transformer.Embedder.PixelsPerImage, read, transformer.RowError)
    {
        private readonly int _size = transformer.EmbeddingSize;
        private readonly int _classes = transformer._classNames.Length;
        private readonly float[] _embeddings = new float[transformer.RowsPerBlock * transformer.EmbeddingSize];
        private readonly float[] _scores = new float[transformer.RowsPerBlock * transformer._classNames.Length];
        private readonly uint[] _predicted = new uint[transformer.RowsPerBlock];

        public override Delegate?[] CreateGetters(bool[] active) =>
        [
            active[0] ? (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) => { Ready(); Copy(_embeddings.AsSpan(Slot * _size, _size), ref value); }) : null,
            active[1] ? (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) => { Ready(); Copy(_scores.AsSpan(Slot * _classes, _classes), ref value); }) : null,
            active[2] ? (ValueGetter<uint>)((ref uint value) => { Ready(); value = _predicted[Slot]; }) : null,
        ];

        protected override void Compute(int count)
        {
            transformer.Embedder.Embed(Inputs.AsSpan(0, count * InputSize), count, _embeddings.AsSpan(0, count * _size));
            for (var i = 0; i < count; i++)
                _predicted[i] = (uint)transformer.Classify(_embeddings.AsSpan(i * _size, _size), _scores.AsSpan(i * _classes, _classes)) + 1;
        }
    }
}
