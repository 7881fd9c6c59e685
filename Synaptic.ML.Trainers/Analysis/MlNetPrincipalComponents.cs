using Microsoft.ML;
using Microsoft.ML.Data;

namespace Synaptic.ML.Trainers;

/// <summary>The one place <see cref="PrincipalComponents"/> talks to ML.NET: rows in, projections out.</summary>
internal static class MlNetPrincipalComponents
{
    private const string FeaturesColumn = nameof(FeatureRow.Features);
    private const string ProjectionColumn = nameof(ProjectionRow.Projection);

    /// <summary>Fits ML.NET's randomized PCA to <paramref name="centred"/> and returns each row's projection.</summary>
    /// <remarks>
    /// The rows come centred and ML.NET's own centring is off: in Microsoft.ML 5.0.1 (and its main branch as read) the
    /// transformer accumulates the mean again in its second pass over the data on top of the first pass's result,
    /// so the mean it uses is μ(1 + 1/N). That shifts the covariance it decomposes by about 2μμᵀ/N, tilting the
    /// components when |μ|² is not small next to the variance, and offsets every output by the projected μ/N
    /// (dotnet/machinelearning issue 6713 shows the symptom). Centred input makes the flaw moot.
    /// </remarks>
    /// <param name="centred">Rows of <paramref name="dimension"/> finite floats, each minus the column mean.</param>
    /// <param name="dimension">D ≥ 2.</param>
    /// <param name="components">k, 1 to D.</param>
    /// <param name="oversampling">p, with k + p ≤ D.</param>
    /// <param name="seed">Seed of the random test matrix (and of the context).</param>
    /// <returns>N arrays of k floats.</returns>
    internal static float[][] Project(IReadOnlyList<float[]> centred, int dimension, int components, int oversampling, int seed)
    {
        var context = new MLContext(seed);
        SchemaDefinition schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[FeaturesColumn].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        IDataView data = context.Data.LoadFromEnumerable(centred.Select(r => new FeatureRow { Features = r }), schema);

        var estimator = context.Transforms.ProjectToPrincipalComponents(
            ProjectionColumn, FeaturesColumn, rank: components, overSampling: oversampling, ensureZeroMean: false, seed: seed);
        IDataView projected = estimator.Fit(data).Transform(data);

        var result = new float[centred.Count][];
        int i = 0;
        foreach (ProjectionRow row in context.Data.CreateEnumerable<ProjectionRow>(projected, reuseRowObject: false))
        {
            if (i == result.Length)
                break;
            result[i++] = row.Projection;
        }

        if (i != centred.Count)
            throw new InvalidOperationException($"ML.NET's PCA returned {i} projections for {centred.Count} rows.");
        return result;
    }

    private sealed class FeatureRow
    {
        public float[] Features = [];
    }

    private sealed class ProjectionRow
    {
        public float[] Projection = [];
    }
}
