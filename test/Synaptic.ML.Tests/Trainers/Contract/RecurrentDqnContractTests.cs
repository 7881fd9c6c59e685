using Microsoft.ML;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Contract;

/// <summary>The trainer contract for the multi-plasticity DQN on CartPole-v1 (small budgets; the logged episode pre-fills the sequence replay).</summary>
[TestClass]
public sealed class RecurrentDqnContractTests : EnvironmentContractTests<RecurrentDqnTrainer.Options>
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

    protected override (Action<RecurrentDqnTrainer.Options> Break, string Name) InvalidOption => (o => o.Core = new MultiPlasticityOptions { Decay = 1 }, "Decay");

    protected override (IDataView Data, string Named) MismatchedData(MLContext ml) => (TrainedPolicies.Episodes(ml, "Acrobot-v1"), "'Observation' has 6 values");

    protected override (RecurrentDqnTrainer.Options Options, IDataView Data, string Named) NaNInput(MLContext ml) => FaultyContinuousEnvironment(ml);
}
