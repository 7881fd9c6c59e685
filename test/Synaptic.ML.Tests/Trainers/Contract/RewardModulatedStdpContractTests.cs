using Microsoft.ML;
using Synaptic.ML.Tests.TestDoubles;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Contract;

/// <summary>The trainer contract for reward-modulated STDP on LaneKeeping-v0 (a few short episodes), resume included.</summary>
[TestClass]
public sealed class RewardModulatedStdpContractTests : TrainerContractTests<RewardModulatedStdpTrainer.Options, PolicyTransformer>
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

    protected override TrainingHistory? History(PolicyTransformer model) => model.TrainingHistory;

    protected override (Action<RewardModulatedStdpTrainer.Options> Break, string Name) InvalidOption => (o => o.StepsPerDecision = 0, "StepsPerDecision");

    protected override (IDataView Data, string Named) MismatchedData(MLContext ml) => (TrainedPolicies.Episodes(ml, "CartPole-v1"), "'Observation' has 4 values");

    protected override (RewardModulatedStdpTrainer.Options Options, IDataView Data, string Named) NaNInput(MLContext ml)
    {
        FaultyEnv.Restart();
        var options = SmallOptions(1);
        options.EnvironmentId = null;
        options.EnvironmentFactory = () => new FaultyEnv();
        options.EvaluationInterval = 0;
        return (options, TrainedPolicies.Episodes(ml, "CartPole-v1"), $"returned observation element 0 = NaN at step {FaultyEnv.BadStep} of episode");
    }

    protected override bool SupportsResume => true;

    protected override void CheckpointEvery(RewardModulatedStdpTrainer.Options options, string directory, int iterations)
    {
        options.CheckpointDirectory = directory;
        options.CheckpointInterval = iterations;
    }

    protected override void ResumeFrom(RewardModulatedStdpTrainer.Options options, string checkpoint) => options.ResumeFrom = checkpoint;
}
