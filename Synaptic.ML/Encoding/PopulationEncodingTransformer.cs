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
public sealed class PopulationEncodingTransformer : VectorColumnTransformer, ISynapticModel<PopulationEncodingTransformer>
{
    internal PopulationEncodingTransformer(IHostEnvironment env, string outputColumnName, string inputColumnName, PopulationParameters parameters, ulong seed)
        : base(env, nameof(PopulationEncodingTransformer), outputColumnName, inputColumnName)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        Parameters = parameters;
        Seed = seed;
    }

    /// <summary>The encoder's parameters.</summary>
    public PopulationParameters Parameters { get; }

    /// <summary>Seed of the spike draws (rate coding).</summary>
    public ulong Seed { get; }

    /// <inheritdoc />
    public static ModelFormat ModelFormat { get; } = new("SNPOPENC", 0x00010001, 0x00010001, "SynapticPopEncoding");

    private protected override VectorDataViewType GetOutputType(DataViewType inputType) =>
        SpikeTrainType(Parameters.TimeSteps, InputSize(inputType) * Parameters.NeuronsPerInput);

    private protected override void Map(ReadOnlySpan<float> input, Span<float> output, VectorDataViewType outputType, long position)
    {
        RequireFinite(input, position);
        var random = SplitMix64.ForStream(Seed, (ulong)position);
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
        return reader.Create(() => new PopulationEncodingTransformer(env, output, input, parameters, seed));
    }
}
