using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Persistence;
using Synaptic.ML.Randomness;
using Synaptic.ML.Transforms;

namespace Synaptic.ML.Encoding;

/// <summary>
/// Population-codes a float vector column of N continuous values (sensor readings, observations)
/// into a [T, N·K] spike-train column with K Gaussian receptive fields per value
/// (see <see cref="PopulationEncoder"/>).
/// </summary>
/// <remarks>
/// In rate coding the draws of a row are a pure function of <see cref="Seed"/> and the row's values
/// (<see cref="SplitMix64.ForValues"/>), so the same values give the same spikes at any position, after a shuffle,
/// in a one-row <c>PredictionEngine</c>. Zips of format 0x00010001 keyed them by the row's position; they load
/// with that behaviour, score as they did, and keep it when saved again.
/// </remarks>
public sealed class PopulationEncodingTransformer : VectorColumnTransformer, ISynapticModel<PopulationEncodingTransformer>
{
    private const uint ValueKeyedVersion = 0x00010002;

    internal PopulationEncodingTransformer(IHostEnvironment env, string outputColumnName, string inputColumnName, PopulationParameters parameters, ulong seed,
        int? fittedInputSize, bool positionKeys = false)
        : base(env, nameof(PopulationEncodingTransformer), outputColumnName, inputColumnName, fittedInputSize)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        Parameters = parameters;
        Seed = seed;
        DrawsKeyedByRowPosition = positionKeys;
    }

    /// <summary>The encoder's parameters.</summary>
    public PopulationParameters Parameters { get; }

    /// <summary>Seed of the spike draws (rate coding).</summary>
    public ulong Seed { get; }

    /// <summary>
    /// Whether the draws are keyed by the row's position (loaded from a format 0x00010001 zip, which scores as it did) instead of
    /// by the row's values.
    /// </summary>
    public bool DrawsKeyedByRowPosition { get; }

    /// <inheritdoc />
    public static ModelFormat ModelFormat { get; } = new("SNPOPENC", ValueKeyedVersion, 0x00010001, "SynapticPopEncoding", MinimumReaderVersion: ValueKeyedVersion);

    private protected override VectorDataViewType GetOutputType(DataViewType inputType) =>
        SpikeTrainType(Parameters.TimeSteps, InputSize(inputType) * Parameters.NeuronsPerInput);

    private protected override void Map(ReadOnlySpan<float> input, Span<float> output, VectorDataViewType outputType, long position)
    {
        RequireFinite(input, position);
        var random = DrawsKeyedByRowPosition ? SplitMix64.ForStream(Seed, (ulong)position) : SplitMix64.ForValues(Seed, input);
        PopulationEncoder.Encode(input, output, Parameters, ref random);
    }

    /// <inheritdoc />
    public void SaveModel(SynapticModelWriter writer)
    {
        SaveColumns(writer);
        var w = writer.Writer;
        var p = Parameters;
        w.Write(p.TimeSteps);
        w.Write(p.NeuronsPerInput);
        w.Write(p.Min);
        w.Write(p.Max);
        w.Write(p.Width);
        w.Write((int)p.Coding);
        w.Write(p.MaxProbability);
        w.Write(p.MinResponse);
        w.Write(Seed);
        SaveFittedInputSize(writer);
        w.Write(DrawsKeyedByRowPosition);   // a re-saved 0x00010001 model keeps its position keys
    }

    /// <inheritdoc />
    public static PopulationEncodingTransformer LoadModel(IHostEnvironment env, SynapticModelReader reader)
    {
        var (output, input) = LoadColumns(reader);
        var r = reader.Reader;
        var parameters = new PopulationParameters
        {
            TimeSteps = r.ReadInt32(),
            NeuronsPerInput = r.ReadInt32(),
            Min = r.ReadSingle(),
            Max = r.ReadSingle(),
            Width = r.ReadSingle(),
            Coding = (PopulationCoding)r.ReadInt32(),
            MaxProbability = r.ReadSingle(),
            MinResponse = r.ReadSingle(),
        };
        var seed = r.ReadUInt64();
        if (reader.WrittenVersion < ValueKeyedVersion)
            return reader.Create(() => new PopulationEncodingTransformer(env, output, input, parameters, seed, fittedInputSize: null, positionKeys: true));
        var fittedInputSize = LoadFittedInputSize(reader);
        var positionKeys = r.ReadBoolean();
        return reader.Create(() => new PopulationEncodingTransformer(env, output, input, parameters, seed, fittedInputSize, positionKeys));
    }
}
