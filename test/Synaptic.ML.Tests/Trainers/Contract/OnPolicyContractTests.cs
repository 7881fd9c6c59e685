using Microsoft.ML;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Contract;

/// <summary>The trainer contract for an on-policy trainer on CartPole-v1 (small budgets).</summary>
public abstract class OnPolicyContractTests<TOptions> : EnvironmentContractTests<TOptions>
    where TOptions : OnPolicyOptions
{
    protected override IDataView TrainingData(MLContext ml) => TrainedPolicies.Episodes(ml, "CartPole-v1");

    protected override IDataView ScoringData(MLContext ml) => TrainedPolicies.Episodes(ml, "CartPole-v1", seed: 9);

    protected override float[] Parameters(PolicyTransformer model) =>
        model.Module.parameters().SelectMany(p => p.detach().data<float>().ToArray()).ToArray();

    protected override (Action<TOptions> Break, string Name) InvalidOption => (o => o.Gamma = 1.5, "Gamma");

    protected override (IDataView Data, string Named) MismatchedData(MLContext ml) => (TrainedPolicies.Episodes(ml, "Pendulum-v1"), "'Observation' has 3 values");

    protected override (TOptions Options, IDataView Data, string Named) NaNInput(MLContext ml) => FaultyContinuousEnvironment(ml);
}

[TestClass]
public sealed class PpoContractTests : OnPolicyContractTests<PpoTrainer.Options>
{
    protected override PpoTrainer.Options SmallOptions(int seed) => new()
    {
        EnvironmentId = "CartPole-v1",
        Seed = seed,
        NumberOfEnvironments = 2,
        StepsPerUpdate = 32,
        MinibatchSize = 32,
        Epochs = 2,
        TotalTimesteps = 384,
    };

    protected override IEstimator<PolicyTransformer> Create(MLContext ml, PpoTrainer.Options options) => ml.Synaptic().Trainers.Ppo(options);
}

[TestClass]
public sealed class A2CContractTests : OnPolicyContractTests<A2CTrainer.Options>
{
    protected override A2CTrainer.Options SmallOptions(int seed) => new() { EnvironmentId = "CartPole-v1", Seed = seed, TotalTimesteps = 400 };

    protected override IEstimator<PolicyTransformer> Create(MLContext ml, A2CTrainer.Options options) => ml.Synaptic().Trainers.A2C(options);
}

[TestClass]
public sealed class ReinforceContractTests : OnPolicyContractTests<ReinforceTrainer.Options>
{
    protected override ReinforceTrainer.Options SmallOptions(int seed) => new() { EnvironmentId = "CartPole-v1", Seed = seed, TotalTimesteps = 500, UseBaseline = true };

    protected override IEstimator<PolicyTransformer> Create(MLContext ml, ReinforceTrainer.Options options) => ml.Synaptic().Trainers.Reinforce(options);
}
