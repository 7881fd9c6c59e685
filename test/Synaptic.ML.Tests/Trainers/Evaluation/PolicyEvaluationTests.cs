using Microsoft.ML;
using Synaptic.ML.Tests.Reference;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers;

[TestClass]
public sealed class PolicyEvaluationTests
{
    [TestMethod]
    public void EvaluateRunsEpisodeJFromSeedPlusJAndSummarisesThem()
    {
        var ml = new MLContext(seed: 0);
        var policy = TrainedPolicies.CartPole;
        var evaluation = ml.Synaptic().Evaluate(policy, ml.Synaptic().Environments.CartPole(), episodes: 6, seed: 40);

        var env = ml.Synaptic().Environments.CartPole();
        var returns = new List<double>();
        for (var j = 0; j < 6; j++)
        {
            var observation = env.Reset(seed: 40 + j);
            double total = 0;
            while (true)
            {
                var step = env.Step(policy.Act(observation));
                total += step.Reward;
                observation = step.Observation;
                if (step.Terminated || step.Truncated)
                    break;
            }
            returns.Add(total);
        }
        CollectionAssert.AreEqual(returns, evaluation.Returns.ToList());
        CollectionAssert.AreEqual(returns.Select(r => (int)r).ToList(), evaluation.Lengths.ToList(), "CartPole pays 1 per step.");
        Assert.AreEqual(returns.Average(), evaluation.MeanReturn, 1e-12);
        var mean = returns.Average();
        Assert.AreEqual(Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / 6), evaluation.StdReturn, 1e-12);
        Assert.AreEqual(475, evaluation.SuccessThreshold, "CartPole-v1's reward threshold.");
        Assert.AreEqual(returns.Count(r => r >= 475) / 6.0, evaluation.SuccessRate);

        var custom = ml.Synaptic().Evaluate(policy, ml.Synaptic().Environments.CartPole(), episodes: 6, seed: 40, successThreshold: returns.Min() + 0.5);
        Assert.AreEqual(5 / 6.0, custom.SuccessRate, 1e-12, "All but the shortest episode reach the threshold.");
        Assert.IsTrue(double.IsNaN(ml.Synaptic().Evaluate(TrainedPolicies.Pendulum, ml.Synaptic().Environments.Pendulum(), 1).SuccessRate),
            "Pendulum-v1 has no reward threshold, so no success rate.");
    }

    [TestMethod]
    public void TheBatchedEvaluationRunsTheSameEpisodes()
    {
        var ml = new MLContext(seed: 0);
        var policy = TrainedPolicies.CartPole;
        var one = ml.Synaptic().Evaluate(policy, ml.Synaptic().Environments.CartPole(), episodes: 12, seed: 5);
        var batched = ml.Synaptic().Evaluate(policy, () => ml.Synaptic().Environments.CartPole(), episodes: 12, seed: 5, parallelEpisodes: 5);
        CollectionAssert.AreEqual(one.Returns.ToList(), batched.Returns.ToList());
        CollectionAssert.AreEqual(one.Lengths.ToList(), batched.Lengths.ToList());
        Assert.ThrowsExactly<ArgumentException>(() => ml.Synaptic().Evaluate(policy.WithSampling(1), () => ml.Synaptic().Environments.CartPole()));
    }

    [TestMethod]
    public void ASpikingPolicyGetsTheSameEpisodesFromTheFastBatchedEvaluationEveryTime()
    {
        var ml = new MLContext(seed: 0);
        var options = new PpoTrainer.Options
        {
            EnvironmentId = "CartPole-v1",
            Policy = new SpikingPolicyOptions { HiddenSizes = [32], TimeSteps = 4 },
            Seed = 3,
            NumberOfEnvironments = 2,
            StepsPerUpdate = 64,
            MinibatchSize = 64,
            Epochs = 1,
            TotalTimesteps = 256,
        };
        using var policy = ml.Synaptic().Trainers.Ppo(options).Fit(TrainedPolicies.Episodes(ml, "CartPole-v1"));
        var threads = TorchSharp.torch.get_num_threads();

        var one = ml.Synaptic().Evaluate(policy, ml.Synaptic().Environments.CartPole(), episodes: 9, seed: 11);
        var batched = ml.Synaptic().Evaluate(policy, () => ml.Synaptic().Environments.CartPole(), episodes: 9, seed: 11, parallelEpisodes: 4);
        var again = ml.Synaptic().Evaluate(policy, () => ml.Synaptic().Environments.CartPole(), episodes: 9, seed: 11);
        CollectionAssert.AreEqual(one.Returns.ToList(), batched.Returns.ToList());
        CollectionAssert.AreEqual(one.Lengths.ToList(), batched.Lengths.ToList());
        CollectionAssert.AreEqual(batched.Returns.ToList(), again.Returns.ToList(), "32 side by side or 4: the same episodes.");
        Assert.AreEqual(threads, TorchSharp.torch.get_num_threads(), "Evaluation restores the process's TorchSharp thread count.");
    }

    [TestMethod]
    public void TheDocumentedEvaluationIsTheBatchedOne()
    {
        // The README's and the reinforcement-learning page's example evaluate a deterministic spiking policy: with the
        // environment factory, the fast overload (the single-environment one is for sampling policies).
        foreach (var page in new[] { "README.md", "docs/reinforcement-learning.md" })
        {
            var text = File.ReadAllText(Path.Combine(ReferenceData.RepositoryRoot, page));
            StringAssert.Contains(text, "ml.Synaptic().Evaluate(policy, () => ml.Synaptic().Environments.CartPole(), episodes: 20, seed: 100)", page);
            Assert.DoesNotContain("Evaluate(policy, env, episodes: 20", text, page);
        }
    }
}
