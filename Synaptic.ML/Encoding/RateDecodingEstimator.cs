using Microsoft.ML;
using Synaptic.ML.Transforms;

namespace Synaptic.ML.Encoding;

/// <summary>
/// Estimator of <see cref="RateDecodingTransformer"/>: spike counts or rates from a [T, N]
/// spike-train column. Created by <c>mlContext.Synaptic().Transforms.DecodeRate(...)</c>.
/// </summary>
public sealed class RateDecodingEstimator : VectorColumnEstimator<RateDecodingTransformer>
{
    internal RateDecodingEstimator(IHostEnvironment env, string outputColumnName, string inputColumnName, int? timeSteps, SpikeCountOutput output)
        : base(nameof(RateDecodingEstimator), size => new RateDecodingTransformer(env, outputColumnName, inputColumnName, timeSteps, output, size))
    {
    }
}
