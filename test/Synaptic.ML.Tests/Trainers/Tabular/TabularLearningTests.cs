using Microsoft.ML;
using Synaptic.ML.Environments.ToyText;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Tabular;

/// <summary>Q-learning, SARSA and expected SARSA learn toy-text tasks to their value-iteration optimum on small budgets.</summary>
[TestClass]
[TestCategory("Learning")]
public sealed class TabularLearningTests
{
    private static IDataView Data(MLContext ml, string id) => TrainedPolicies.Episodes(ml, id);

    [TestMethod]
    [DataRow("q")]
    [DataRow("sarsa")]
    [DataRow("expected")]
    public void EachLearnerFindsTheShortestWayAcrossTheDeterministicLake(string learner)
    {
        var ml = new MLContext(seed: 0);
        Func<Synaptic.ML.Environments.Env> lake = () => ml.Synaptic().Environments.FrozenLake(isSlippery: false);
        TabularOptions options = learner switch
        {
            "q" => new QLearningTrainer.Options(),
            "sarsa" => new SarsaTrainer.Options(),
            _ => new ExpectedSarsaTrainer.Options(),
        };
        options.EnvironmentFactory = lake;
        options.TotalTimesteps = 20_000;
        options.LearningRate = 0.5;
        options.Gamma = 0.9;
        options.Seed = 3;
        IEstimator<PolicyTransformer> trainer = options switch
        {
            QLearningTrainer.Options q => ml.Synaptic().Trainers.QLearning(q),
            SarsaTrainer.Options s => ml.Synaptic().Trainers.Sarsa(s),
            ExpectedSarsaTrainer.Options e => ml.Synaptic().Trainers.ExpectedSarsa(e),
            _ => throw new InvalidOperationException(),
        };
        var policy = trainer.Fit(Data(ml, "FrozenLake-v1"));
        var evaluation = ml.Synaptic().Evaluate(policy, lake(), episodes: 10);
        Assert.AreEqual(1.0, evaluation.SuccessRate, evaluation.ToString());
        Assert.AreEqual(6.0, evaluation.MeanLength, "The shortest way is 6 steps.");
        var table = (QTablePolicy)policy.Model;
        var (optimal, _) = ValueIteration.Solve(new FrozenLake("4x4", isSlippery: false), 0.9);
        Assert.AreEqual(optimal[0, Greedy(table, 0)], Enumerable.Range(0, 4).Max(a => optimal[0, a]), 1e-6, "The learned first move is an optimal one.");
    }

    [TestMethod]
    public void QLearningReachesTheOptimumOfTaxi()
    {
        var ml = new MLContext(seed: 0);
        var options = new QLearningTrainer.Options { EnvironmentId = "Taxi-v3", TotalTimesteps = 200_000, LearningRate = 0.5, Gamma = 0.99, Seed = 1 };
        var policy = ml.Synaptic().Trainers.QLearning(options).Fit(Data(ml, "Taxi-v3"));
        var learned = ml.Synaptic().Evaluate(policy, ml.Synaptic().Environments.Taxi(), episodes: 100, seed: 500);

        var (optimal, _) = ValueIteration.Solve(new Taxi(), 0.99);
        var best = new PolicyTransformer(ml, "Observation", new PolicyColumnNames(), optimal, null);
        var optimum = ml.Synaptic().Evaluate(best, ml.Synaptic().Environments.Taxi(), episodes: 100, seed: 500);
        Assert.IsGreaterThan(optimum.MeanReturn - 0.5, learned.MeanReturn, $"learned {learned}, optimum {optimum}");
        Assert.IsGreaterThanOrEqualTo(7.5, learned.MeanReturn, $"learned {learned}, optimum {optimum}");
    }

    [TestMethod]
    public void QLearningSucceedsOnTheSlipperyLakeNearTheOptimum()
    {
        var ml = new MLContext(seed: 0);
        var options = new QLearningTrainer.Options
        {
            EnvironmentId = "FrozenLake-v1",
            TotalTimesteps = 500_000,
            LearningRate = 0.05,
            Gamma = 0.99,
            ExplorationFraction = 0.8,
            Seed = 1,
        };
        var policy = ml.Synaptic().Trainers.QLearning(options).Fit(Data(ml, "FrozenLake-v1"));
        Func<Synaptic.ML.Environments.Env> lake = () => ml.Synaptic().Environments.Make("FrozenLake-v1");
        var learned = ml.Synaptic().Evaluate(policy, lake, episodes: 1_000, seed: 0);

        var optimum = ml.Synaptic().Evaluate(ValueIteration.SolvePolicy(ml, new FrozenLake("4x4"), 0.99), lake, episodes: 1_000, seed: 0);
        Assert.IsGreaterThanOrEqualTo(0.70, learned.SuccessRate, $"learned {learned}, value iteration {optimum}");
        // The same 1,000 episodes: the optimum may trail a learned policy only by chance, within 3 standard errors.
        Assert.IsGreaterThanOrEqualTo(learned.SuccessRate - 0.04, optimum.SuccessRate, $"learned {learned}, value iteration {optimum}");
    }

    [TestMethod]
    public void QLearningBalancesCartPoleThroughDiscretizeObservation()
    {
        // A continuous task for a table: CartPole's four elements cut into 1 × 1 × 6 × 6 bins (position and velocity
        // ignored, angle ±0.21 rad, angular velocity ±2). Random actions last about 22 steps.
        var ml = new MLContext(seed: 0);
        Func<Synaptic.ML.Environments.Env> cartPole = () => new Synaptic.ML.Environments.Wrappers.DiscretizeObservation(
            ml.Synaptic().Environments.CartPole(), [1, 1, 6, 6], low: [-2.4f, -3f, -0.21f, -2f], high: [2.4f, 3f, 0.21f, 2f]);
        var options = new QLearningTrainer.Options
        {
            EnvironmentFactory = cartPole,
            TotalTimesteps = 60_000,
            LearningRate = 0.1,
            Gamma = 0.99,
            ExplorationFinal = 0.01,
            Seed = 2,
        };
        var data = ml.Synaptic().Data.Rollout(cartPole(), episodes: 1);
        var policy = ml.Synaptic().Trainers.QLearning(options).Fit(data);
        var evaluation = ml.Synaptic().Evaluate(policy, cartPole, episodes: 20, seed: 7);
        Assert.IsGreaterThan(100, evaluation.MeanReturn, evaluation.ToString());
    }

    private static int Greedy(QTablePolicy table, int state) => Enumerable.Range(0, table.Actions).OrderByDescending(a => table[state, a]).ThenBy(a => a).First();
}
