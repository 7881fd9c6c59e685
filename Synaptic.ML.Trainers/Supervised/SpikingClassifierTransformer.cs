using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Synaptic.ML.Persistence;
using Synaptic.ML.Transforms;

namespace Synaptic.ML.Trainers;

/// <summary>
/// What the binary and multiclass spiking classifiers share: a trained network that reads the feature column (a
/// known-size vector of Single of the trained size) and appends ML.NET's score columns, the classes it learned,
/// the training history, and the trained network's hidden-layer spike counts as features for other trainers
/// (<see cref="CreateFeaturizer"/>).
/// </summary>
/// <remarks>
/// Thread safety: the transformer is immutable. Scoring goes through one lock per model, so many cursors,
/// <c>PredictionEngine</c>s and threads may use it at once (they take turns in the network); a
/// <c>PredictionEngine</c> itself is, as always in ML.NET, for one thread at a time.
/// </remarks>
public abstract class SpikingClassifierTransformer : AppendedColumnsTransformer
{
    private protected SpikingClassifierTransformer(IHostEnvironment env, string name, string featureColumnName, SpikingClassifierScorer scorer,
        ClassKeyValues classes, TrainingHistory? history)
        : base(env, name, featureColumnName)
    {
        if (classes.Count != scorer.Classes)
            throw new ArgumentException($"The network has {scorer.Classes} outputs for {classes.Count} classes.");
        Scorer = scorer;
        Classes = classes;
        TrainingHistory = history;
    }

    /// <summary>The network's description.</summary>
    public SpikingClassifierNetworkOptions Network => Scorer.Options;

    /// <summary>Values per row of the feature column.</summary>
    public int FeatureSize => Scorer.FeatureSize;

    /// <summary>The classes in score order (the label's key values as text; "False", "True" for binary).</summary>
    public IReadOnlyList<string> ClassNames => Classes.Names;

    /// <summary>What happened during training (loss and accuracy per epoch, validation accuracy), saved with the model.</summary>
    public TrainingHistory? TrainingHistory { get; }

    internal SpikingClassifierScorer Scorer { get; }

    internal ClassKeyValues Classes { get; }

    /// <summary>
    /// A transformer that appends the trained network's last hidden layer's spike counts (over the T steps) for the
    /// same feature column, as a feature vector any ML.NET trainer can consume; it shares this model's network.
    /// </summary>
    /// <param name="outputColumnName">The appended column. Default "SpikingFeatures".</param>
    /// <returns>The featurizer.</returns>
    /// <exception cref="InvalidOperationException">The network has no hidden layer.</exception>
    public SpikingFeatureTransformer CreateFeaturizer(string outputColumnName = "SpikingFeatures")
    {
        if (Scorer.HiddenFeatureSize == 0)
            throw new InvalidOperationException("The network has no hidden layer whose spikes could be features (HiddenSizes and ConvolutionChannels are empty).");
        return new SpikingFeatureTransformer(Host, outputColumnName, InputColumnName, Scorer);
    }

    /// <summary>
    /// Runs one row through the network and returns its spike trains, for rasters and analysis: what scoring computes
    /// for that row (the same rate-code draws).
    /// </summary>
    /// <param name="features">The row's features (<see cref="FeatureSize"/> values).</param>
    /// <returns>The trace.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The row has another size or a value the coding refuses (named).</exception>
    public SpikingClassifierTrace Trace(ReadOnlySpan<float> features)
    {
        CheckRow(features, 0);
        var (hidden, output, membrane) = Scorer.Trace(features);
        return new SpikingClassifierTrace(Scorer.Options.TimeSteps, Scorer.HiddenFeatureSize, Classes.Count, hidden, output, membrane);
    }

    /// <summary>The appended columns for a network with <see cref="Scorer"/>'s classes.</summary>
    private protected abstract IReadOnlyList<DataViewSchema.DetachedColumn> OutputColumns();

    /// <summary>The getters of the appended columns, from the readout of the current row (computed on demand by <paramref name="readout"/>).</summary>
    private protected abstract Delegate?[] OutputGetters(Func<float[]> readout, bool[] active);

    private protected override IReadOnlyList<DataViewSchema.DetachedColumn> GetOutputColumns(DataViewType inputType)
    {
        var size = InputSize(inputType);
        if (size != FeatureSize)
            throw new ArgumentOutOfRangeException(nameof(inputType),
                $"{ComponentName}: column '{InputColumnName}' has {size} values per row; the network was trained on {FeatureSize}.");
        return OutputColumns();
    }

    /// <summary>Rows a cursor scores in one forward. 256.</summary>
    private protected override int RowsPerBlock => 256;

    private protected override RowBlockMapper CreateBlockMapper(DataViewRow inputRow, DataViewSchema.Column input)
    {
        var reader = CreateDenseReader(inputRow, input);
        var block = new SpikingScoreBlock(Scorer, RowsPerBlock, reader.Read, RowError, hidden: false);
        var readout = new float[Scorer.Classes];
        block.Getters = active => OutputGetters(() =>
        {
            block.Readout().CopyTo(readout);
            return readout;
        }, active);
        return block;
    }

    private protected override Delegate?[] CreateGetters(DataViewRow inputRow, DataViewSchema.Column input, bool[] active)
    {
        var reader = CreateDenseReader(inputRow, input);
        var readout = new float[Scorer.Classes];
        long position = -1;
        float[] Update()
        {
            if (inputRow.Position == position)
                return readout;
            var features = reader.Read();
            CheckRow(features, inputRow.Position);
            Scorer.Score(features, 1, readout);
            position = inputRow.Position;
            return readout;
        }
        return OutputGetters(Update, active);
    }

    /// <summary>Refuses a row of another size or with a non-finite value (or, for latency coding, outside [0, 1]), naming row and element.</summary>
    internal void CheckRow(ReadOnlySpan<float> features, long position)
    {
        if (RowError(features, position) is { } error)
            throw error;
    }

    /// <summary>The error for a row <see cref="CheckRow"/> refuses, or null.</summary>
    private ArgumentOutOfRangeException? RowError(ReadOnlySpan<float> features, long position)
    {
        if (features.Length != FeatureSize)
            return new ArgumentOutOfRangeException(InputColumnName, features.Length,
                $"Column '{InputColumnName}', row {position}: {features.Length} values; the network was trained on {FeatureSize}.");
        var latency = Scorer.Options.Coding == SpikeInputCoding.Latency;
        var bad = latency ? features.IndexOfAnyExceptInRange(0f, 1f) : features.IndexOfAnyExceptInRange(float.MinValue, float.MaxValue);
        return bad < 0 ? null : BadValue(position, bad, features[bad], latency ? "values in [0, 1] for latency coding" : "finite values");
    }

    /// <summary>Writes the columns, the network, the classes and the history.</summary>
    private protected void Save(SynapticModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Writer.Write(InputColumnName);
        WriteColumns(writer.Writer);
        writer.WriteStream("Network", Scorer.Write);
        writer.WriteStream("Classes", Classes.Write);
        Trainers.TrainingHistory.WriteOptional(writer, TrainingHistory);
    }

    /// <summary>Writes the names of the appended columns.</summary>
    private protected abstract void WriteColumns(BinaryWriter writer);

    /// <summary>Reads what <see cref="Save"/> wrote; <paramref name="readColumns"/> reads the appended columns' names.</summary>
    private protected static (string Input, T Columns, SpikingClassifierScorer Scorer, ClassKeyValues Classes, TrainingHistory? History) Load<T>(
        SynapticModelReader reader, Func<BinaryReader, T> readColumns)
    {
        ArgumentNullException.ThrowIfNull(reader);
        TorchRuntime.EnsureAvailable();
        var input = reader.Reader.ReadString();
        var columns = readColumns(reader.Reader);
        SpikingClassifierScorer? scorer = null;
        reader.ReadStream("Network", r => scorer = SpikingClassifierScorer.Read(r));
        ClassKeyValues? classes = null;
        reader.ReadStream("Classes", r => classes = ClassKeyValues.ReadFrom(r));
        var history = TrainingHistory.ReadOptional(reader);
        return (input, columns, scorer!, classes!, history);
    }

    private protected static void Copy(ReadOnlySpan<float> source, ref VBuffer<float> value)
    {
        var editor = VBufferEditor.Create(ref value, source.Length);
        source.CopyTo(editor.Values);
        value = editor.Commit();
    }
}
