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
        : base(nameof(PopulationEncodingEstimator), Create(env, outputColumnName, inputColumnName, parameters, seed))
    {
    }

    private static Func<int?, PopulationEncodingTransformer> Create(IHostEnvironment env, string outputColumnName, string inputColumnName, PopulationParameters parameters, int? seed)
    {
        // Drawn once, when the estimator is made: every Fit of it gives the same spikes.
        var drawn = (ulong)(uint)(seed ?? env.Register(nameof(PopulationEncodingEstimator)).Rand.Next());
        return size => new(env, outputColumnName, inputColumnName, parameters, drawn, size);
    }
}
