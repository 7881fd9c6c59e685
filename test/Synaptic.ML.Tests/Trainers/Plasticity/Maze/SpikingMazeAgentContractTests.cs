using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Environments.Custom;
using Synaptic.ML.Tests.TestDoubles;
using Synaptic.ML.Tests.Trainers.Contract;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Plasticity.Maze;

/// <summary>The trainer contract for the spiking maze agent on the 8×8 maze (a few episodes), resume included.</summary>
[TestClass]
public sealed class SpikingMazeAgentContractTests : EnvironmentContractTests<SpikingMazeAgentTrainer.Options>
{
    protected override SpikingMazeAgentTrainer.Options SmallOptions(int seed) => new()
    {
        EnvironmentFactory = MazeFixture.Maze,
        Seed = seed,
        Episodes = 6,
        TeacherProbability = 0.3,
        EvaluationInterval = 2,
        EvaluationEpisodes = 1,
    };

    protected override IEstimator<PolicyTransformer> Create(MLContext ml, SpikingMazeAgentTrainer.Options options) => ml.Synaptic().Trainers.SpikingMazeAgent(options);

    protected override IDataView TrainingData(MLContext ml) => MazeFixture.Data(ml);

    protected override IDataView ScoringData(MLContext ml) => MazeFixture.Data(ml, seed: 9);

    protected override float[] Parameters(PolicyTransformer model) => ((SpikingMazeAgentPolicy)model.Model).Weights.ToArray();

    protected override (Action<SpikingMazeAgentTrainer.Options> Break, string Name) InvalidOption => (o => o.PoolSize = 0, "PoolSize");

    protected override (IDataView Data, string Named) MismatchedData(MLContext ml) => (TrainedPolicies.Episodes(ml, "CartPole-v1"), "'Observation' has 4 values");

    protected override (SpikingMazeAgentTrainer.Options Options, IDataView Data, string Named) NaNInput(MLContext ml)
    {
        FaultyDiscreteEnv.Restart();
        var options = SmallOptions(1);
        options.TeacherProbability = 0;
        options.EnvironmentFactory = () => new FaultyDiscreteEnv();
        options.EvaluationInterval = 0;
        return (options, ml.Data.LoadFromEnumerable(new[] { new OneFloat() }),
            $"returned observation NaN, which is no cell of its 5-state space at step {FaultyDiscreteEnv.BadStep} of episode");
    }


    private sealed class OneFloat
    {
        [VectorType(1)]
        public float[] Observation { get; set; } = [0];
    }
}
