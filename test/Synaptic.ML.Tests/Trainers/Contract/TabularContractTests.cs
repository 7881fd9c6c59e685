using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Tests.TestDoubles;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Contract;

/// <summary>The trainer contract for a tabular learner on Taxi-v3 (small budgets), resume included.</summary>
public abstract class TabularContractTests<TOptions> : EnvironmentContractTests<TOptions>
    where TOptions : TabularOptions, new()
{
    protected override TOptions SmallOptions(int seed) => new()
    {
        EnvironmentId = "Taxi-v3",
        Seed = seed,
        TotalTimesteps = 3_000,
        StepsPerIteration = 500,
        EvaluationInterval = 2,
        EvaluationEpisodes = 2,
    };

    protected override IDataView TrainingData(MLContext ml) => TrainedPolicies.Episodes(ml, "Taxi-v3");

    protected override IDataView ScoringData(MLContext ml) => TrainedPolicies.Episodes(ml, "Taxi-v3", seed: 9);

    protected override float[] Parameters(PolicyTransformer model)
    {
        var table = (QTablePolicy)model.Model;
        return Enumerable.Range(0, table.States).SelectMany(s => Enumerable.Range(0, table.Actions).Select(a => table[s, a])).ToArray();
    }

    protected override (Action<TOptions> Break, string Name) InvalidOption => (o => o.LearningRate = 2, "LearningRate");

    protected override (IDataView Data, string Named) MismatchedData(MLContext ml) => (TrainedPolicies.Episodes(ml, "CartPole-v1"), "'Observation' has 4 values");

    protected override (TOptions Options, IDataView Data, string Named) NaNInput(MLContext ml)
    {
        FaultyDiscreteEnv.Restart();
        var options = SmallOptions(1);
        options.EnvironmentId = null;
        options.EnvironmentFactory = () => new FaultyDiscreteEnv();
        options.EvaluationInterval = 0;
        return (options, ml.Data.LoadFromEnumerable(new[] { new OneFloat() }), $"returned observation NaN, which is no state of its 5-state space at step {FaultyDiscreteEnv.BadStep} of episode");
    }


    [TestMethod]
    public void AContinuousObservationSpaceIsRefusedWithTheWayOut()
    {
        var ml = new MLContext(seed: 0);
        var options = new TOptions { EnvironmentId = "CartPole-v1" };
        var ex = Assert.ThrowsExactly<NotSupportedException>(() => Create(ml, options).Fit(TrainedPolicies.Episodes(ml, "CartPole-v1")));
        StringAssert.Contains(ex.Message, "CartPole-v1");
        StringAssert.Contains(ex.Message, "DiscretizeObservation");
    }

    private sealed class OneFloat
    {
        [VectorType(1)]
        public float[] Observation { get; set; } = [0];
    }
}

[TestClass]
public sealed class QLearningContractTests : TabularContractTests<QLearningTrainer.Options>
{
    protected override IEstimator<PolicyTransformer> Create(MLContext ml, QLearningTrainer.Options options) => ml.Synaptic().Trainers.QLearning(options);
}

/// <summary>STDP-modulated Q-learning: its per-episode weight change is checkpointed too.</summary>
[TestClass]
public sealed class StdpQLearningContractTests : TabularContractTests<StdpQLearningTrainer.Options>
{
    protected override IEstimator<PolicyTransformer> Create(MLContext ml, StdpQLearningTrainer.Options options) => ml.Synaptic().Trainers.StdpQLearning(options);

    protected override (Action<StdpQLearningTrainer.Options> Break, string Name) InvalidOption => (o => o.Mixing = 2, "Mixing");
}
