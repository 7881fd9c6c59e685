using Microsoft.ML;
using Synaptic.ML.Transforms;

namespace Synaptic.ML.Encoding;

/// <summary>
/// Estimator of <see cref="DeltaEncodingTransformer"/>: spikes on changes of a [T, N] sequence,
/// with snnTorch's <c>spikegen.delta</c> semantics. Created by
/// <c>mlContext.Synaptic().Transforms.EncodeDelta(...)</c>.
/// </summary>
public sealed class DeltaEncodingEstimator : VectorColumnEstimator<DeltaEncodingTransformer>
{
    /// <summary>Options of delta modulation (snnTorch's defaults).</summary>
    public sealed class Options
    {
        /// <summary>T for a flat input column; <see langword="null"/> (default) reads [T, N] from the column type.</summary>
        public int? TimeSteps { get; set; }

        /// <summary>Minimum change between consecutive steps that makes a spike. Default 0.1.</summary>
        public float Threshold { get; set; } = 0.1f;

        /// <summary>Compare step 0 with itself (true) or with zeros (false, default).</summary>
        public bool Padding { get; set; }

        /// <summary>Emit −1 for falls of at least <see cref="Threshold"/>. Default false.</summary>
        public bool OffSpike { get; set; }
    }

    internal DeltaEncodingEstimator(IHostEnvironment env, string outputColumnName, string inputColumnName, Options options)
        : base(nameof(DeltaEncodingEstimator), Create(env, outputColumnName, inputColumnName, options))
    {
    }

    private static Func<int?, DeltaEncodingTransformer> Create(IHostEnvironment env, string outputColumnName, string inputColumnName, Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (timeSteps, threshold, padding, offSpike) = (options.TimeSteps, options.Threshold, options.Padding, options.OffSpike);
        return size => new(env, outputColumnName, inputColumnName, timeSteps, threshold, padding, offSpike, size);
    }
}
