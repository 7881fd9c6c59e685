using Microsoft.ML;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Plasticity.Maze;

/// <summary>
/// The spiking maze agent learns the fixed 8×8 maze (shortest path 18 moves) from reward-modulated STDP, does not
/// without dopamine or without plasticity, and learns it sooner with the shortest-path teacher. Seed 1 and budgets as
/// in Synaptic.ML.Trainers/Plasticity/Maze/README.md, where seeds 1–5 are measured.
/// </summary>
[TestClass]
[TestCategory("Learning")]
public sealed class SpikingMazeAgentLearningTests
{
    private const int Budget = 150;

    [TestMethod]
    public void TheAgentLearnsTheMazeAndReachesTheGoalInAtLeast90PercentOfDeterministicEpisodes()
    {
        var ml = new MLContext(seed: 0);
        var untrained = FitFrozen(ml);
        var policy = MazeFixture.Train(ml, MazeFixture.Options(Budget));
        var success = MazeFixture.Success(ml, policy, episodes: 20);
        Assert.IsTrue(success >= 0.9, $"The trained agent reaches the goal in {success:P0} of 20 deterministic episodes; at least 90% expected.");
        Assert.AreEqual(0, MazeFixture.Success(ml, untrained), "The untrained network does not find the goal, so the success is learned.");
        var noisy = ml.Synaptic().Evaluate(policy.WithSampling(7), MazeFixture.Maze(), episodes: 20, seed: 100, successThreshold: 0);
        Assert.IsTrue(noisy.SuccessRate >= 0.9, $"With its membrane noise on, the agent reaches the goal in {noisy.SuccessRate:P0} of 20 episodes.");
        Assert.IsTrue(noisy.MeanLength < 30, $"Its noisy episodes take {noisy.MeanLength:F1} moves on average; the shortest path takes 18.");
        var goals = policy.TrainingHistory!.Series(SpikingMazeAgentTrainer.GoalMetric).Values;
        Assert.IsTrue(goals.Take(10).Sum() < goals.TakeLast(10).Sum(), "Training episodes reach the goal more often at the end than at the start.");
    }

    [TestMethod]
    public void WithoutDopamineOrWithoutPlasticityTheMazeIsNotLearned()
    {
        var ml = new MLContext(seed: 0);
        var plain = MazeFixture.Options(Budget);
        plain.DopamineModulation = false;
        var plainPolicy = MazeFixture.Train(ml, plain);
        Assert.AreEqual(0, MazeFixture.Success(ml, plainPolicy), "Plain STDP (dopamine fixed at 1) strengthens whatever fired and never finds the goal.");
        Assert.AreEqual(0, plainPolicy.TrainingHistory!.Series(SpikingMazeAgentTrainer.GoalMetric).Values.Sum(), "Nor does any of its training episodes.");
        Assert.IsTrue(plainPolicy.TrainingHistory.Series(SpikingMazeAgentTrainer.WeightChangeMetric).Values.Average() > 0, "Plain STDP does change the weights.");
        Assert.AreEqual(0, MazeFixture.Success(ml, FitFrozen(ml)), "Without plasticity (η = 0) the agent does not find the goal.");
    }

    [TestMethod]
    public void TheTeacherMakesTheMazeLearnedInFewerEpisodes()
    {
        var ml = new MLContext(seed: 0);
        var alone = EpisodesToFirstDeterministicGoal(ml, teacher: 0);
        var taught = EpisodesToFirstDeterministicGoal(ml, teacher: 0.5);
        Assert.IsTrue(taught <= 20, $"With the teacher on half the decisions the deterministic policy reaches the goal after {taught} episodes.");
        Assert.IsTrue(alone >= 2 * taught, $"Without the teacher it takes {alone} episodes, with it {taught}: the teacher should at least halve them.");
    }

    private static PolicyTransformer FitFrozen(MLContext ml)
    {
        var frozen = MazeFixture.Options(20);
        frozen.LearningRate = 0;
        return MazeFixture.Train(ml, frozen);
    }

    /// <summary>Trains with a deterministic evaluation every 5 episodes and stops at the first that reaches the goal (return ≥ 0).</summary>
    private static int EpisodesToFirstDeterministicGoal(MLContext ml, double teacher)
    {
        var options = MazeFixture.Options(Budget);
        options.TeacherProbability = teacher;
        options.EvaluationInterval = 5;
        options.EvaluationEpisodes = 1;
        options.StopAtEvaluationReturn = 0;
        var policy = MazeFixture.Train(ml, options);
        Assert.IsTrue(MazeFixture.Success(ml, policy, episodes: 1) == 1, $"Training with teacher {teacher} stops once the goal is reached, within {Budget} episodes.");
        return policy.TrainingHistory!.Episodes.Count;
    }
}
