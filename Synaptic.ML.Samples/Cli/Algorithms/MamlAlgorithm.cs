using Microsoft.ML;
using Synaptic.ML.Data;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// MAML on the command line: tested on the model's N (its head's outputs) and the trained K, each test episode's queries
/// classified after adapting θ to its support with the model's adaptation steps.
/// </summary>
/// <param name="name">The name after <c>--algo</c>.</param>
/// <param name="summary">One line for the algorithm list.</param>
/// <param name="defaultPreset">The preset used when none is given.</param>
/// <param name="create">Makes the estimator (a catalog call).</param>
public sealed class MamlAlgorithm(string name, string summary, string defaultPreset, Func<MLContext, MamlTrainer.Options, IEstimator<MamlTransformer>> create)
    : FewShotAlgorithm<MamlTrainer.Options, MamlTransformer>(name, summary, defaultPreset, create)
{
    /// <inheritdoc />
    protected override TrainingHistory? HistoryOf(MamlTransformer model) => model.TrainingHistory;

    /// <inheritdoc />
    protected override int Ways(MamlTransformer model, MamlTrainer.Options trained) => model.Ways;

    /// <inheritdoc />
    protected override FewShotEvaluation EvaluateEpisodes(MLContext ml, MamlTransformer model, LabeledImages images, IReadOnlyList<int> classes,
        int ways, int shots, int episodes, ulong seed) =>
        ml.Synaptic().EvaluateFewShot(model, images, classes, shots, TestQueries, episodes, seed);

    /// <inheritdoc />
    protected override SupportClassifierTransformer Classifier(MamlTransformer model, LabeledImages support) => model.Adapt(support);
}
