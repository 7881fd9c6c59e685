using Microsoft.ML;
using Synaptic.ML.Tests.TestDoubles;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Contract;

/// <summary>The trainer contract for the multi-plasticity DQN on CartPole-v1 (small budgets; the logged episode pre-fills the sequence replay).</summary>
[TestClass]
public sealed class RecurrentDqnContractTests : TrainerContractTests<RecurrentDqnTrainer.Options, PolicyTransformer>
{
    protected override RecurrentDqnTrainer.Options SmallOptions(int seed) => new()
    {
        EnvironmentId = "CartPole-v1",
        Seed = seed,
        TotalTimesteps = 600,
        LearningStarts = 100,
        StepsPerIteration = 100,
        BufferSize = 1_000,
        BatchSize = 8,
        SequenceLength = 4,
        BurnIn = 2,
        TargetUpdateInterval = 100,
        EvaluationInterval = 2,
        EvaluationEpisodes = 2,
        Core = new MultiPlasticityOptions { HiddenSize = 8 },
    };

    protected override IEstimator<PolicyTransformer> Create(MLContext ml, RecurrentDqnTrainer.Options options) => ml.Synaptic().Trainers.RecurrentDqn(options);

    protected override IDataView TrainingData(MLContext ml) => TrainedPolicies.Episodes(ml, "CartPole-v1");

    protected override IDataView ScoringData(MLContext ml) => TrainedPolicies.Episodes(ml, "CartPole-v1", seed: 9);

    protected override float[] Parameters(PolicyTransformer model) =>
        ((RecurrentQPolicy)model.Model).Module.parameters().SelectMany(p => p.detach().data<float>().ToArray()).ToArray();

    protected override TrainingHistory? History(PolicyTransformer model) => model.TrainingHistory;

    protected override (Action<RecurrentDqnTrainer.Options> Break, string Name) InvalidOption => (o => o.Core = new MultiPlasticityOptions { Decay = 1 }, "Decay");

    protected override (IDataView Data, string Named) MismatchedData(MLContext ml) => (TrainedPolicies.Episodes(ml, "Acrobot-v1"), "'Observation' has 6 values");

    protected override (RecurrentDqnTrainer.Options Options, IDataView Data, string Named) NaNInput(MLContext ml)
    {
        FaultyEnv.Restart();
        var options = SmallOptions(1);
        options.EnvironmentId = null;
        options.EnvironmentFactory = () => new FaultyEnv();
        options.EvaluationInterval = 0;
        return (options, TrainedPolicies.Episodes(ml, "CartPole-v1"), $"returned observation element 0 = NaN at step {FaultyEnv.BadStep} of episode");
    }

    protected override bool SupportsResume => true;

    protected override void CheckpointEvery(RecurrentDqnTrainer.Options options, string directory, int iterations)
    {
        options.CheckpointDirectory = directory;
        options.CheckpointInterval = iterations;
    }

    protected override void ResumeFrom(RecurrentDqnTrainer.Options options, string checkpoint) => options.ResumeFrom = checkpoint;
}
