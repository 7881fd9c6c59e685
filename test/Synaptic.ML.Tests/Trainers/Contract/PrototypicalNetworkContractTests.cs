using Microsoft.ML;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Contract;

/// <summary>The trainer contract for the prototypical network on the digits (a small ANN backbone, a few episodes).</summary>
[TestClass]
public sealed class PrototypicalNetworkContractTests : EpisodicContractTests<PrototypicalNetworkTrainer.Options, ImageFeaturizerTransformer>
{
    protected override PrototypicalNetworkTrainer.Options SmallOptions(int seed) => new()
    {
        Backbone = new ConvBackboneOptions { Padding = 2 },
        Episodes = 6,
        Shots = 2,
        Queries = 3,
        Seed = seed,
        ValidationData = ValidationDigits(),
        ValidationInterval = 3,
        ValidationEpisodes = 2,
    };

    protected override IEstimator<ImageFeaturizerTransformer> Create(MLContext ml, PrototypicalNetworkTrainer.Options options) =>
        ml.Synaptic().Trainers.PrototypicalNetwork(options);

    protected override float[] Parameters(ImageFeaturizerTransformer model) =>
        model.Embedder.Module.parameters().SelectMany(p => p.detach().data<float>().ToArray()).ToArray();

    protected override TrainingHistory? History(ImageFeaturizerTransformer model) => model.TrainingHistory;
}
