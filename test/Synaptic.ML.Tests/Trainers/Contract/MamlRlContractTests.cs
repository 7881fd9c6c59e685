using Microsoft.ML;
using Synaptic.ML.Environments.Custom;
using Synaptic.ML.Environments.Wrappers;
using Synaptic.ML.Tests.TestDoubles;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Contract;

/// <summary>The trainer contract for MAML-RL on 3×3 GridWorld goals (a few meta-iterations of a tiny network).</summary>
[TestClass]
public sealed class MamlRlContractTests : TrainerContractTests<MamlRlTrainer.Options, PolicyTransformer>
{
    internal static MetaRlTaskDistribution SmallGrid { get; } = MetaRlTaskDistribution.GridWorldGoals(GridWorldMap.Parse("S..", "...", "..G"), maxEpisodeSteps: 8);

    protected override MamlRlTrainer.Options SmallOptions(int seed) => new()
    {
        Tasks = SmallGrid,
        Policy = new MlpPolicyOptions { HiddenSizes = [8] },
        InnerEpisodes = 4,
        MetaBatchSize = 2,
        MetaIterations = 3,
        Seed = seed,
    };

    protected override IEstimator<PolicyTransformer> Create(MLContext ml, MamlRlTrainer.Options options) => ml.Synaptic().Trainers.MamlReinforcement(options);

    protected override IDataView TrainingData(MLContext ml) => ml.Synaptic().Data.Rollout(SmallGrid.Sample(0)(), episodes: 1);

    protected override IDataView ScoringData(MLContext ml) => ml.Synaptic().Data.Rollout(SmallGrid.Sample(5)(), episodes: 2, seed: 9);

    protected override float[] Parameters(PolicyTransformer model) =>
        model.Module.parameters().SelectMany(p => p.detach().data<float>().ToArray()).ToArray();

    protected override TrainingHistory? History(PolicyTransformer model) => model.TrainingHistory;

    protected override (Action<MamlRlTrainer.Options> Break, string Name) InvalidOption => (o => o.InnerLearningRate = double.NaN, "InnerLearningRate");

    protected override (IDataView Data, string Named) MismatchedData(MLContext ml) => (TrainedPolicies.Episodes(ml, "CartPole-v1"), "observe vectors of 9 Single values");

    protected override (MamlRlTrainer.Options Options, IDataView Data, string Named) NaNInput(MLContext ml)
    {
        FaultyEnv.Restart();
        var options = SmallOptions(1);
        options.Tasks = new MetaRlTaskDistribution("faulty tasks", _ => () => new TimeLimit(new FaultyEnv(), 30));
        return (options, TrainedPolicies.Episodes(ml, "CartPole-v1"), $"returned observation element 0 = NaN at step {FaultyEnv.BadStep} of episode");
    }
}
