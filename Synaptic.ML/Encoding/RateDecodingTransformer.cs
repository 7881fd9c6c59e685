using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Persistence;
using Synaptic.ML.Transforms;

namespace Synaptic.ML.Encoding;

/// <summary>
/// Decodes a [T, N] spike-train column into N spike counts or firing rates (see <see cref="RateDecoder"/>).
/// </summary>
public sealed class RateDecodingTransformer : VectorColumnTransformer, ISynapticModel<RateDecodingTransformer>
{
    private const uint FittedSizeVersion = 0x00010002;

    internal RateDecodingTransformer(IHostEnvironment env, string outputColumnName, string inputColumnName, int? timeSteps, SpikeCountOutput output, int? fittedInputSize)
        : base(env, nameof(RateDecodingTransformer), outputColumnName, inputColumnName, fittedInputSize)
    {
        if (timeSteps is <= 0)
            throw new ArgumentOutOfRangeException(nameof(timeSteps), timeSteps, "The number of time steps must be positive.");
        if (!Enum.IsDefined(output))
            throw new ArgumentOutOfRangeException(nameof(output), output, "Unknown decoder output.");
        TimeSteps = timeSteps;
        Output = output;
    }

    /// <summary>T for a flat spike column; <see langword="null"/> to read it from a [T, N] column type.</summary>
    public int? TimeSteps { get; }

    /// <summary>Counts or rates.</summary>
    public SpikeCountOutput Output { get; }

    /// <inheritdoc />
    public static ModelFormat ModelFormat { get; } = new("SNRATDEC", FittedSizeVersion, 0x00010001, "SynapticRateDecoding", MinimumReaderVersion: FittedSizeVersion);

    private protected override VectorDataViewType GetOutputType(DataViewType inputType) =>
        new(NumberDataViewType.Single, SequenceShape(inputType, TimeSteps).Neurons);

    private protected override void Map(ReadOnlySpan<float> input, Span<float> output, VectorDataViewType outputType, long position)
    {
        RequireFinite(input, position);
        RateDecoder.Decode(input, output, input.Length / output.Length, Output);
    }

    /// <inheritdoc />
    public void SaveModel(SynapticModelWriter writer)
    {
        SaveColumns(writer);
        writer.Writer.Write(TimeSteps ?? 0);
        writer.Writer.Write((int)Output);
        SaveFittedInputSize(writer);
    }

    /// <inheritdoc />
    public static RateDecodingTransformer LoadModel(IHostEnvironment env, SynapticModelReader reader)
    {
        var (output, input) = LoadColumns(reader);
        var steps = reader.Reader.ReadInt32();
        var mode = (SpikeCountOutput)reader.Reader.ReadInt32();
        var fittedInputSize = reader.WrittenVersion >= FittedSizeVersion ? LoadFittedInputSize(reader) : null;
        return reader.Create(() => new RateDecodingTransformer(env, output, input, steps == 0 ? null : steps, mode, fittedInputSize));
    }
}
