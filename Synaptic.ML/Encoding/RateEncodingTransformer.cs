using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Persistence;
using Synaptic.ML.Randomness;
using Synaptic.ML.Transforms;

namespace Synaptic.ML.Encoding;

/// <summary>
/// Rate-codes a float vector column of N values into a [T, N] spike-train column: each step each
/// neuron spikes with probability clamp(gain·x + offset, 0, 1). Made by
/// <see cref="RateEncodingEstimator"/>; see <see cref="RateEncoder"/> for the kernel.
/// </summary>
/// <remarks>
/// The draws of a row are a pure function of <see cref="Seed"/> and the row's position, so the
/// same data and seed give the same spikes in any order, on any thread, after a reload.
/// </remarks>
public sealed class RateEncodingTransformer : VectorColumnTransformer, ISynapticModel<RateEncodingTransformer>
{
    internal RateEncodingTransformer(IHostEnvironment env, string outputColumnName, string inputColumnName, int timeSteps, float gain, float offset, ulong seed)
        : base(env, nameof(RateEncodingTransformer), outputColumnName, inputColumnName)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timeSteps);
        if (!float.IsFinite(gain))
            throw new ArgumentOutOfRangeException(nameof(gain), gain, "The gain must be finite.");
        if (!float.IsFinite(offset))
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "The offset must be finite.");
        TimeSteps = timeSteps;
        Gain = gain;
        Offset = offset;
        Seed = seed;
    }

    /// <summary>Number of time steps T.</summary>
    public int TimeSteps { get; }

    /// <summary>Multiplies inputs before they become probabilities.</summary>
    public float Gain { get; }

    /// <summary>Added to gain·x before clamping to [0, 1].</summary>
    public float Offset { get; }

    /// <summary>Seed of the spike draws.</summary>
    public ulong Seed { get; }

    /// <inheritdoc />
    public static ModelFormat ModelFormat { get; } = new("SNRATENC", 0x00010001, 0x00010001, "SynapticRateEncoding");

    private protected override VectorDataViewType GetOutputType(DataViewType inputType) =>
        SpikeTrainType(TimeSteps, InputSize(inputType));

    private protected override void Map(ReadOnlySpan<float> input, Span<float> output, VectorDataViewType outputType, long position)
    {
        RequireFinite(input, position, allowInfinity: true);
        var random = SplitMix64.ForStream(Seed, (ulong)position);
        RateEncoder.Encode(input, output, TimeSteps, Gain, Offset, ref random);
    }

    /// <inheritdoc />
    public void SaveModel(SynapticModelWriter writer)
    {
        SaveColumns(writer);
        writer.Writer.Write(TimeSteps);
        writer.Writer.Write(Gain);
        writer.Writer.Write(Offset);
        writer.Writer.Write(Seed);
    }

    /// <inheritdoc />
    public static RateEncodingTransformer LoadModel(IHostEnvironment env, SynapticModelReader reader)
    {
        var (output, input) = LoadColumns(reader);
        var r = reader.Reader;
        var (timeSteps, gain, offset, seed) = (r.ReadInt32(), r.ReadSingle(), r.ReadSingle(), r.ReadUInt64());
        return reader.Create(() => new RateEncodingTransformer(env, output, input, timeSteps, gain, offset, seed));
    }
}
