using Microsoft.ML;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.OffPolicy;

/// <summary>DQN learns CartPole on small budgets with fixed seeds.</summary>
[TestClass]
[TestCategory("Learning")]
public sealed class DqnLearningTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void ZooSettingsSolveCartPole()
    {
        var ml = new MLContext(seed: 0);
        var options = DqnPresets.CartPole();
        options.Seed = 1;
        options.EvaluationInterval = 2;
        options.StepsPerIteration = 1_000;
        options.EvaluationEpisodes = 10;
        options.StopAtEvaluationReturn = 500;   // a perfect 10-episode evaluation; 475 stopped seed 1 at a policy that averaged 456 over 100
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var policy = ml.Synaptic().Trainers.Dqn(options).Fit(TrainedPolicies.Episodes(ml, "CartPole-v1"));
        var evaluation = ml.Synaptic().Evaluate(policy, ml.Synaptic().Environments.CartPole(), episodes: 100, seed: 12345);
        var steps = policy.TrainingHistory!.Episodes.Sum(e => e.Length);
        TestContext.WriteLine($"{evaluation} after {steps} steps in {watch.Elapsed.TotalSeconds:F1} s");
        Assert.IsGreaterThanOrEqualTo(475, evaluation.MeanReturn, evaluation.ToString());
    }
}
