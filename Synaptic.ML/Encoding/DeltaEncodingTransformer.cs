using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Persistence;
using Synaptic.ML.Transforms;

namespace Synaptic.ML.Encoding;

/// <summary>
/// Delta-modulates a [T, N] sequence column into a [T, N] spike-train column with snnTorch's
/// <c>spikegen.delta</c> semantics (see <see cref="DeltaEncoder"/>). The input is either a
/// two-dimensional [T, N] vector column, or a flat column split into <see cref="TimeSteps"/> rows.
/// </summary>
public sealed class DeltaEncodingTransformer : VectorColumnTransformer, ISynapticModel<DeltaEncodingTransformer>
{
    private const uint FittedSizeVersion = 0x00010002;

    internal DeltaEncodingTransformer(IHostEnvironment env, string outputColumnName, string inputColumnName, int? timeSteps, float threshold, bool padding, bool offSpike,
        int? fittedInputSize)
        : base(env, nameof(DeltaEncodingTransformer), outputColumnName, inputColumnName, fittedInputSize)
    {
        if (timeSteps is <= 0)
            throw new ArgumentOutOfRangeException(nameof(timeSteps), timeSteps, "The number of time steps must be positive.");
        if (!float.IsFinite(threshold))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be finite.");
        TimeSteps = timeSteps;
        Threshold = threshold;
        Padding = padding;
        OffSpike = offSpike;
    }

    /// <summary>T for flat input columns; <see langword="null"/> to read it from a [T, N] column type.</summary>
    public int? TimeSteps { get; }

    /// <summary>Minimum change between consecutive steps that makes a spike.</summary>
    public float Threshold { get; }

    /// <summary>Compare step 0 with itself (true) or with zeros (false).</summary>
    public bool Padding { get; }

    /// <summary>Emit −1 for falls of at least <see cref="Threshold"/>.</summary>
    public bool OffSpike { get; }

    /// <inheritdoc />
    public static ModelFormat ModelFormat { get; } = new("SNDELENC", FittedSizeVersion, 0x00010001, "SynapticDeltaEncoding", MinimumReaderVersion: FittedSizeVersion);

    private protected override VectorDataViewType GetOutputType(DataViewType inputType)
    {
        var (steps, neurons) = SequenceShape(inputType, TimeSteps);
        return SpikeTrainType(steps, neurons);
    }

    private protected override void Map(ReadOnlySpan<float> input, Span<float> output, VectorDataViewType outputType, long position)
    {
        RequireFinite(input, position, allowInfinity: true);
        DeltaEncoder.Encode(input, output, outputType.Dimensions[0], Threshold, Padding, OffSpike);
    }

    /// <inheritdoc />
    public void SaveModel(SynapticModelWriter writer)
    {
        SaveColumns(writer);
        var w = writer.Writer;
        w.Write(TimeSteps ?? 0);
        w.Write(Threshold);
        w.Write(Padding);
        w.Write(OffSpike);
        SaveFittedInputSize(writer);
    }

    /// <inheritdoc />
    public static DeltaEncodingTransformer LoadModel(IHostEnvironment env, SynapticModelReader reader)
    {
        var (output, input) = LoadColumns(reader);
        var r = reader.Reader;
        var steps = r.ReadInt32();
        var (threshold, padding, offSpike) = (r.ReadSingle(), r.ReadBoolean(), r.ReadBoolean());
        var fittedInputSize = reader.WrittenVersion >= FittedSizeVersion ? LoadFittedInputSize(reader) : null;
        return reader.Create(() => new DeltaEncodingTransformer(env, output, input, steps == 0 ? null : steps, threshold, padding, offSpike, fittedInputSize));
    }
}
