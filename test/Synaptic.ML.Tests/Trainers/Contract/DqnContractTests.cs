using Microsoft.ML;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Contract;

/// <summary>The trainer contract for DQN on CartPole-v1 (small budgets).</summary>
[TestClass]
public sealed class DqnContractTests : EnvironmentContractTests<DqnTrainer.Options>
{
    protected override DqnTrainer.Options SmallOptions(int seed) => new()
    {
        EnvironmentId = "CartPole-v1",
        Seed = seed,
        TotalTimesteps = 1_200,
        LearningStarts = 200,
        StepsPerIteration = 200,
        BufferSize = 1_000,
        TargetUpdateInterval = 100,
        EvaluationInterval = 2,
        EvaluationEpisodes = 2,
        Network = new MlpPolicyOptions { HiddenSizes = [16], Activation = HiddenActivation.ReLU },
    };

    protected override IEstimator<PolicyTransformer> Create(MLContext ml, DqnTrainer.Options options) => ml.Synaptic().Trainers.Dqn(options);

    protected override IDataView TrainingData(MLContext ml) => TrainedPolicies.Episodes(ml, "CartPole-v1");

    protected override IDataView ScoringData(MLContext ml) => TrainedPolicies.Episodes(ml, "CartPole-v1", seed: 9);

    protected override float[] Parameters(PolicyTransformer model) =>
        ((QNetworkPolicy)model.Model).Module.parameters().SelectMany(p => p.detach().data<float>().ToArray()).ToArray();

    protected override (Action<DqnTrainer.Options> Break, string Name) InvalidOption => (o => o.Tau = 0, "Tau");

    protected override (IDataView Data, string Named) MismatchedData(MLContext ml) => (TrainedPolicies.Episodes(ml, "Acrobot-v1"), "'Observation' has 6 values");

    protected override (DqnTrainer.Options Options, IDataView Data, string Named) NaNInput(MLContext ml) => FaultyContinuousEnvironment(ml);
}
