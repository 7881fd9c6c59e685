using Microsoft.ML;
using Synaptic.ML.Transforms;

namespace Synaptic.ML.Encoding;

/// <summary>
/// Estimator of <see cref="LatencyEncodingTransformer"/>: time-to-first-spike coding with
/// snnTorch's <c>spikegen.latency</c> semantics. Created by
/// <c>mlContext.Synaptic().Transforms.EncodeLatency(...)</c>. Arguments snnTorch refuses
/// (threshold outside (0, 1), τ ≤ 0, first spike time outside [0, T − 1]) are refused here, at creation.
/// </summary>
public sealed class LatencyEncodingEstimator : VectorColumnEstimator<LatencyEncodingTransformer>
{
    internal LatencyEncodingEstimator(IHostEnvironment env, string outputColumnName, string inputColumnName, LatencyParameters parameters)
        : base(nameof(LatencyEncodingEstimator), size => new LatencyEncodingTransformer(env, outputColumnName, inputColumnName, parameters, size))
    {
    }
}
