using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Synaptic.ML.Persistence;
using Synaptic.ML.Transforms;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Spiking feature extraction from a trained classifier (<see cref="SpikingClassifierTransformer.CreateFeaturizer"/>):
/// appends the spike counts of the network's last hidden layer over the T steps as a vector of Single, so an ML.NET
/// trainer can learn from what the spiking network learned. Saved with the pipeline (the network included).
/// </summary>
/// <remarks>
/// Rate-coded networks key their draws by each row's values, so a row always has the same features. Trainers that
/// pass over the data several times (SDCA, L-BFGS) re-run the network on every pass unless the features are cached:
/// put <c>AppendCacheCheckpoint(mlContext)</c> after this transform. Thread safety as for <see cref="SpikingClassifierTransformer"/>.
/// </remarks>
public sealed class SpikingFeatureTransformer : AppendedColumnsTransformer, ISynapticModel<SpikingFeatureTransformer>
{
    internal SpikingFeatureTransformer(IHostEnvironment env, string outputColumnName, string inputColumnName, SpikingClassifierScorer scorer)
        : base(env, nameof(SpikingFeatureTransformer), inputColumnName)
    {
        OutputColumnName = outputColumnName;
        Scorer = scorer;
    }

    /// <summary>The appended feature column.</summary>
    public string OutputColumnName { get; }

    /// <summary>Values per row of the appended column: the last hidden layer's neurons.</summary>
    public int FeatureSize => Scorer.HiddenFeatureSize;

    /// <inheritdoc/>
    public static ModelFormat ModelFormat { get; } = new("SNSPKFEA", 0x00010001, 0x00010001, "SynapticSnnFeatures");

    internal SpikingClassifierScorer Scorer { get; }

    private protected override IReadOnlyList<DataViewSchema.DetachedColumn> GetOutputColumns(DataViewType inputType)
    {
        var size = InputSize(inputType);
        if (size != Scorer.FeatureSize)
            throw new ArgumentOutOfRangeException(nameof(inputType),
                $"{ComponentName}: column '{InputColumnName}' has {size} values per row; the network was trained on {Scorer.FeatureSize}.");
        return [new(OutputColumnName, new VectorDataViewType(NumberDataViewType.Single, FeatureSize))];
    }

    /// <summary>Rows a cursor runs through the network in one forward. 256.</summary>
    private protected override int RowsPerBlock => 256;

    private protected override RowBlockMapper CreateBlockMapper(DataViewRow inputRow, DataViewSchema.Column input)
    {
        var reader = CreateDenseReader(inputRow, input);
        var block = new SpikingScoreBlock(Scorer, RowsPerBlock, reader.Read, RowError, hidden: true);
        block.Getters = active => [active[0] ? (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
        {
            var features = block.Hidden();
            var editor = VBufferEditor.Create(ref value, features.Length);
            features.CopyTo(editor.Values);
            value = editor.Commit();
        }) : null];
        return block;
    }

    private ArgumentOutOfRangeException? RowError(ReadOnlySpan<float> row, long position)
    {
        var bad = row.IndexOfAnyExceptInRange(float.MinValue, float.MaxValue);
        return bad < 0 ? null : BadValue(position, bad, row[bad], "finite values");
    }

    private protected override Delegate?[] CreateGetters(DataViewRow inputRow, DataViewSchema.Column input, bool[] active)
    {
        if (!active[0])
            return [null];
        var reader = CreateDenseReader(inputRow, input);
        var readout = new float[Scorer.Classes];
        var features = new float[FeatureSize];
        long position = -1;
        return
        [
            (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
            {
                if (inputRow.Position != position)
                {
                    var row = reader.Read();
                    RequireFinite(row, inputRow.Position);
                    Scorer.Score(row, 1, readout, features);
                    position = inputRow.Position;
                }
                var editor = VBufferEditor.Create(ref value, features.Length);
                features.CopyTo(editor.Values);
                value = editor.Commit();
            }),
        ];
    }

    /// <inheritdoc/>
    public void SaveModel(SynapticModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Writer.Write(InputColumnName);
        writer.Writer.Write(OutputColumnName);
        writer.WriteStream("Network", Scorer.Write);
    }

    /// <inheritdoc/>
    public static SpikingFeatureTransformer LoadModel(IHostEnvironment env, SynapticModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        TorchRuntime.EnsureAvailable();
        var input = reader.Reader.ReadString();
        var output = reader.Reader.ReadString();
        SpikingClassifierScorer? scorer = null;
        reader.ReadStream("Network", r => scorer = SpikingClassifierScorer.Read(r));
        return reader.Create(() => new SpikingFeatureTransformer(env, output, input, scorer!));
    }
}
