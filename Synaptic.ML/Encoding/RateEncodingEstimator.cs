using Microsoft.ML;
using Synaptic.ML.Transforms;

namespace Synaptic.ML.Encoding;

/// <summary>
/// Estimator of <see cref="RateEncodingTransformer"/>: Bernoulli (Poisson-like) spike trains from
/// a float vector column, as snnTorch's <c>spikegen.rate</c>, with draws keyed by each row's values. Created by
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

        /// <summary>Added to gain·x before it becomes a probability. Default 0.</summary>
        public float Offset { get; set; }

        /// <summary>
        /// Clamp gain·x + offset to [0, 1], as snnTorch's <c>spikegen.rate</c> does, instead of refusing a value outside it
        /// (e.g. raw 0–255 pixels) with the column, row, element and value. Default false.
        /// </summary>
        public bool ClampToUnitInterval { get; set; }

        /// <summary>Seed of the spike draws; <see langword="null"/> (default) takes one from the <see cref="MLContext"/>'s seed.</summary>
        public int? Seed { get; set; }
    }

    internal RateEncodingEstimator(IHostEnvironment env, string outputColumnName, string inputColumnName, Options options)
        : base(nameof(RateEncodingEstimator), Create(env, outputColumnName, inputColumnName, options))
    {
    }

    private static Func<int?, RateEncodingTransformer> Create(IHostEnvironment env, string outputColumnName, string inputColumnName, Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Drawn once, when the estimator is made: every Fit of it gives the same spikes.
        var seed = (ulong)(uint)(options.Seed ?? env.Register(nameof(RateEncodingEstimator)).Rand.Next());
        var (timeSteps, gain, offset, clamp) = (options.TimeSteps, options.Gain, options.Offset, options.ClampToUnitInterval);
        return size => new(env, outputColumnName, inputColumnName, timeSteps, gain, offset, seed, clamp, size);
    }
}
