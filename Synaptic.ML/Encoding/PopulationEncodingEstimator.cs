using Microsoft.ML;
using Synaptic.ML.Transforms;

namespace Synaptic.ML.Encoding;

/// <summary>
/// Estimator of <see cref="PopulationEncodingTransformer"/>: Gaussian receptive-field population
/// coding of continuous values. Created by <c>mlContext.Synaptic().Transforms.EncodePopulation(...)</c>.
/// </summary>
public sealed class PopulationEncodingEstimator : VectorColumnEstimator<PopulationEncodingTransformer>
{
    internal PopulationEncodingEstimator(IHostEnvironment env, string outputColumnName, string inputColumnName, PopulationParameters parameters, int? seed)
        : base(nameof(PopulationEncodingEstimator), new PopulationEncodingTransformer(env, outputColumnName, inputColumnName, parameters,
            (ulong)(uint)(seed ?? env.Register(nameof(PopulationEncodingEstimator)).Rand.Next())))
    {
    }
}
