using Microsoft.ML;
using Synaptic.ML.Data;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// The prototypical network on the command line: tested on the trained N-way K-shot task, each test episode's queries
/// classified by the nearest prototype of its support.
/// </summary>
/// <param name="name">The name after <c>--algo</c>.</param>
/// <param name="summary">One line for the algorithm list.</param>
/// <param name="defaultPreset">The preset used when none is given.</param>
/// <param name="create">Makes the estimator (a catalog call).</param>
public sealed class PrototypicalNetworkAlgorithm(string name, string summary, string defaultPreset,
    Func<MLContext, PrototypicalNetworkTrainer.Options, IEstimator<ImageFeaturizerTransformer>> create)
    : FewShotAlgorithm<PrototypicalNetworkTrainer.Options, ImageFeaturizerTransformer>(name, summary, defaultPreset, create)
{
    /// <inheritdoc />
    protected override TrainingHistory? HistoryOf(ImageFeaturizerTransformer model) => model.TrainingHistory;

    /// <inheritdoc />
    protected override int Ways(ImageFeaturizerTransformer model, PrototypicalNetworkTrainer.Options trained) => trained.Ways;

    /// <inheritdoc />
    protected override FewShotEvaluation EvaluateEpisodes(MLContext ml, ImageFeaturizerTransformer model, LabeledImages images, IReadOnlyList<int> classes,
        int ways, int shots, int episodes, ulong seed) =>
        ml.Synaptic().EvaluateFewShot(model, images, classes, ways, shots, TestQueries, episodes, seed);

    /// <inheritdoc />
    protected override SupportClassifierTransformer Classifier(ImageFeaturizerTransformer model, LabeledImages support) => model.CreatePrototypeClassifier(support);
}
