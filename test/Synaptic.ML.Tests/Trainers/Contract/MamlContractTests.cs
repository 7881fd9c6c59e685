using Microsoft.ML;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Contract;

/// <summary>The trainer contract for second-order MAML on the digits (a small ANN backbone, a few meta-batches).</summary>
[TestClass]
public sealed class MamlContractTests : EpisodicContractTests<MamlTrainer.Options, MamlTransformer>
{
    protected override MamlTrainer.Options SmallOptions(int seed) => new()
    {
        Backbone = new ConvBackboneOptions { Channels = [8, 8], KernelSize = 3, Padding = 1 },
        Episodes = 6,
        Shots = 2,
        Queries = 3,
        MetaBatchSize = 2,
        InnerSteps = 2,
        Seed = seed,
        ValidationData = ValidationDigits(),
        ValidationInterval = 3,
        ValidationEpisodes = 2,
    };

    protected override IEstimator<MamlTransformer> Create(MLContext ml, MamlTrainer.Options options) => ml.Synaptic().Trainers.Maml(options);

    protected override float[] Parameters(MamlTransformer model) =>
        model.Network.parameters().SelectMany(p => p.detach().data<float>().ToArray()).ToArray();

    protected override TrainingHistory? History(MamlTransformer model) => model.TrainingHistory;
}
