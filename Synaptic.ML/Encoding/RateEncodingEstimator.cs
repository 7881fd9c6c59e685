using Microsoft.ML;
using Synaptic.ML.Transforms;

namespace Synaptic.ML.Encoding;

/// <summary>
/// Estimator of <see cref="RateEncodingTransformer"/>: Bernoulli (Poisson-like) spike trains from
/// a float vector column, as snnTorch's <c>spikegen.rate</c>. Created by
/// <c>mlContext.Synaptic().Transforms.EncodeRate(...)</c>.
/// </summary>
public sealed class RateEncodingEstimator : VectorColumnEstimator<RateEncodingTransformer>
{
    /// <summary>Options of rate coding.</summary>
    public sealed class Options
    {
        /// <summary>Number of time steps T of the output [T, N] spike train. Default 25.</summary>
        public int TimeSteps { get; set; } = 25;

        /// <summary>Multiplies inputs before they become probabilities. Default 1.</summary>
        public float Gain { get; set; } = 1f;

        /// <summary>Added to gain·x before clamping to [0, 1]. Default 0.</summary>
        public float Offset { get; set; }

        /// <summary>Seed of the spike draws; <see langword="null"/> (default) takes one from the <see cref="MLContext"/>'s seed.</summary>
        public int? Seed { get; set; }
    }

    internal RateEncodingEstimator(IHostEnvironment env, string outputColumnName, string inputColumnName, Options options)
        : base(nameof(RateEncodingEstimator), Create(env, outputColumnName, inputColumnName, options))
    {
    }

    private static RateEncodingTransformer Create(IHostEnvironment env, string outputColumnName, string inputColumnName, Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var seed = options.Seed ?? env.Register(nameof(RateEncodingEstimator)).Rand.Next();
        return new(env, outputColumnName, inputColumnName, options.TimeSteps, options.Gain, options.Offset, (ulong)(uint)seed);
    }
}
