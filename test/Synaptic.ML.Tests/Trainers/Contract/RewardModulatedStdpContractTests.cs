using Microsoft.ML;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Contract;

/// <summary>The trainer contract for reward-modulated STDP on LaneKeeping-v0 (a few short episodes), resume included.</summary>
[TestClass]
public sealed class RewardModulatedStdpContractTests : EnvironmentContractTests<RewardModulatedStdpTrainer.Options>
{
    protected override RewardModulatedStdpTrainer.Options SmallOptions(int seed) => new()
    {
        EnvironmentId = "LaneKeeping-v0",
        Seed = seed,
        Episodes = 6,
        StepsPerDecision = 10,
        EvaluationInterval = 2,
        EvaluationEpisodes = 2,
    };

    protected override IEstimator<PolicyTransformer> Create(MLContext ml, RewardModulatedStdpTrainer.Options options) => ml.Synaptic().Trainers.RewardModulatedStdp(options);

    protected override IDataView TrainingData(MLContext ml) => TrainedPolicies.Episodes(ml, "LaneKeeping-v0");

    protected override IDataView ScoringData(MLContext ml) => TrainedPolicies.Episodes(ml, "LaneKeeping-v0", seed: 9);

    protected override float[] Parameters(PolicyTransformer model) => ((RewardModulatedStdpPolicy)model.Model).Weights.ToArray();

    protected override (Action<RewardModulatedStdpTrainer.Options> Break, string Name) InvalidOption => (o => o.StepsPerDecision = 0, "StepsPerDecision");

    protected override (IDataView Data, string Named) MismatchedData(MLContext ml) => (TrainedPolicies.Episodes(ml, "CartPole-v1"), "'Observation' has 4 values");

    protected override (RewardModulatedStdpTrainer.Options Options, IDataView Data, string Named) NaNInput(MLContext ml) => FaultyContinuousEnvironment(ml);
}
