using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Persistence;
using Synaptic.ML.Randomness;
using Synaptic.ML.Transforms;

namespace Synaptic.ML.Encoding;

/// <summary>
/// Rate-codes a float vector column of N values into a [T, N] spike-train column: each step each
/// neuron spikes with probability gain·x + offset, which must lie in [0, 1] unless
/// <see cref="ClampToUnitInterval"/>. Made by <see cref="RateEncodingEstimator"/>; see
/// <see cref="RateEncoder"/> for the kernel.
/// </summary>
/// <remarks>
/// The draws of a row are a pure function of <see cref="Seed"/> and the row's values
/// (<see cref="SplitMix64.ForValues"/>, the key of the spiking policy's rate code), so the same values give the
/// same spikes at any position, after <c>ShuffleRows</c>, in a one-row <c>PredictionEngine</c>, on any thread,
/// after a reload; identical rows get identical spikes. Zips of format 0x00010001 (before this) keyed the
/// draws by the row's position and clamped silently; they load with that behaviour, score as they did, and keep
/// it when saved again.
/// </remarks>
public sealed class RateEncodingTransformer : VectorColumnTransformer, ISynapticModel<RateEncodingTransformer>
{
    private const uint ValueKeyedVersion = 0x00010002;

    internal RateEncodingTransformer(IHostEnvironment env, string outputColumnName, string inputColumnName, int timeSteps, float gain, float offset, ulong seed,
        bool clampToUnitInterval, int? fittedInputSize, bool positionKeys = false)
        : base(env, nameof(RateEncodingTransformer), outputColumnName, inputColumnName, fittedInputSize)
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
        ClampToUnitInterval = clampToUnitInterval;
        DrawsKeyedByRowPosition = positionKeys;
    }

    /// <summary>Number of time steps T.</summary>
    public int TimeSteps { get; }

    /// <summary>Multiplies inputs before they become probabilities.</summary>
    public float Gain { get; }

    /// <summary>Added to gain·x before it becomes a probability.</summary>
    public float Offset { get; }

    /// <summary>Seed of the spike draws.</summary>
    public ulong Seed { get; }

    /// <summary>
    /// Whether gain·x + offset outside [0, 1] is clamped to it (snnTorch's <c>spikegen.rate</c>) instead of refused
    /// with the column, row, element and value.
    /// </summary>
    public bool ClampToUnitInterval { get; }

    /// <summary>
    /// Whether the draws are keyed by the row's position (loaded from a format 0x00010001 zip, which scores as it did) instead of
    /// by the row's values.
    /// </summary>
    public bool DrawsKeyedByRowPosition { get; }

    /// <inheritdoc />
    public static ModelFormat ModelFormat { get; } = new("SNRATENC", ValueKeyedVersion, 0x00010001, "SynapticRateEncoding", MinimumReaderVersion: ValueKeyedVersion);

    private protected override VectorDataViewType GetOutputType(DataViewType inputType) =>
        SpikeTrainType(TimeSteps, InputSize(inputType));

    private protected override void Map(ReadOnlySpan<float> input, Span<float> output, VectorDataViewType outputType, long position)
    {
        RequireFinite(input, position, allowInfinity: true);
        if (!ClampToUnitInterval)
        {
            for (var i = 0; i < input.Length; i++)
            {
                // The kernel's expression, so what is checked is what would be drawn.
                var p = Gain * input[i] + Offset;
                if (!(p >= 0f && p <= 1f))
                    throw BadValue(position, i, input[i],
                        $"gain·x + offset in [0, 1] (here {p} with gain {Gain}, offset {Offset}); normalise the column first (e.g. NormalizeMinMax), " +
                        $"or set {nameof(RateEncodingEstimator.Options.ClampToUnitInterval)} = true to clamp as snnTorch does");
            }
        }
        var random = DrawsKeyedByRowPosition ? SplitMix64.ForStream(Seed, (ulong)position) : SplitMix64.ForValues(Seed, input);
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
        SaveFittedInputSize(writer);
        writer.Writer.Write(ClampToUnitInterval);
        writer.Writer.Write(DrawsKeyedByRowPosition);   // a re-saved 0x00010001 model keeps its position keys
    }

    /// <inheritdoc />
    public static RateEncodingTransformer LoadModel(IHostEnvironment env, SynapticModelReader reader)
    {
        var (output, input) = LoadColumns(reader);
        var r = reader.Reader;
        var (timeSteps, gain, offset, seed) = (r.ReadInt32(), r.ReadSingle(), r.ReadSingle(), r.ReadUInt64());
        if (reader.WrittenVersion < ValueKeyedVersion)
            return reader.Create(() => new RateEncodingTransformer(env, output, input, timeSteps, gain, offset, seed, clampToUnitInterval: true, fittedInputSize: null, positionKeys: true));
        var fittedInputSize = LoadFittedInputSize(reader);
        var (clamp, positionKeys) = (r.ReadBoolean(), r.ReadBoolean());
        return reader.Create(() => new RateEncodingTransformer(env, output, input, timeSteps, gain, offset, seed, clamp, fittedInputSize, positionKeys));
    }
}
