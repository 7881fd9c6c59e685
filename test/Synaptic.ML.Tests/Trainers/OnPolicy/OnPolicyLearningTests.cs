using Microsoft.ML;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers;

/// <summary>
/// Each algorithm learns CartPole-v1 on a small budget with a fixed seed: the deterministic policy's mean
/// return over 20 episodes must be above 150, far above a random policy's (≈ 22) and the untrained network's (below 100).
/// Full solves (≥ 475 over 100 episodes) are in the samples and benchmarks.
/// </summary>
[TestClass]
[TestCategory("Learning")]
public sealed class OnPolicyLearningTests
{
    private static double Evaluate(PolicyTransformer policy)
    {
        var ml = new MLContext(seed: 0);
        return ml.Synaptic().Evaluate(policy, ml.Synaptic().Environments.CartPole(), episodes: 20, seed: 777).MeanReturn;
    }

    private static PolicyTransformer Fit(IEstimator<PolicyTransformer> trainer) =>
        trainer.Fit(TrainedPolicies.Episodes(new MLContext(seed: 0), "CartPole-v1"));

    private static PpoTrainer.Options ZooPpo(PolicyNetworkOptions network, long steps)
    {
        var options = PpoPresets.CartPole();
        options.Policy = network;
        options.Seed = 1;
        options.TotalTimesteps = steps;
        return options;
    }

    [TestMethod]
    public void UntrainedPoliciesFailCartPole()
    {
        var ml = new MLContext(seed: 0);
        var options = ZooPpo(new MlpPolicyOptions(), 8);
        options.LearningRate = 1e-12;
        var untrained = ml.Synaptic().Trainers.Ppo(options);
        var policy = Fit(untrained);
        Assert.AreEqual(1, policy.TrainingHistory!.Updates.Count);
        Assert.IsTrue(Evaluate(policy) < 100, "The baseline the learning tests compare with.");
    }

    [TestMethod]
    public void PpoWithAnMlpLearnsCartPole()
    {
        var ml = new MLContext(seed: 0);
        var policy = Fit(ml.Synaptic().Trainers.Ppo(ZooPpo(new MlpPolicyOptions(), 6_144)));
        Assert.IsTrue(Evaluate(policy) > 150, $"Mean return {Evaluate(policy)}.");
    }

    [TestMethod]
    public void PpoWithASpikingPolicyLearnsCartPole()
    {
        var ml = new MLContext(seed: 0);
        var policy = Fit(ml.Synaptic().Trainers.Ppo(ZooPpo(new SpikingPolicyOptions { HiddenSizes = [64], TimeSteps = 6 }, 12_288)));
        Assert.IsInstanceOfType<SpikingPolicyOptions>(policy.Network);
        Assert.IsTrue(Evaluate(policy) > 150, $"Mean return {Evaluate(policy)}.");
    }

    [TestMethod]
    public void A2CLearnsCartPole()
    {
        var ml = new MLContext(seed: 0);
        var policy = Fit(ml.Synaptic().Trainers.A2C(new A2CTrainer.Options { EnvironmentId = "CartPole-v1", Seed = 1, TotalTimesteps = 30_000 }));
        Assert.IsTrue(Evaluate(policy) > 150, $"Mean return {Evaluate(policy)}.");
    }

    [TestMethod]
    public void ReinforceLearnsCartPoleWithAndWithoutABaseline()
    {
        var ml = new MLContext(seed: 0);
        var plain = Fit(ml.Synaptic().Trainers.Reinforce(new ReinforceTrainer.Options { EnvironmentId = "CartPole-v1", Seed = 1, TotalTimesteps = 20_000 }));
        Assert.IsFalse(plain.HasValue, "Without a baseline there is no critic.");
        Assert.IsTrue(Evaluate(plain) > 150, $"Mean return {Evaluate(plain)}.");
        var baseline = Fit(ml.Synaptic().Trainers.Reinforce(new ReinforceTrainer.Options { EnvironmentId = "CartPole-v1", Seed = 1, TotalTimesteps = 30_000, UseBaseline = true }));
        Assert.IsTrue(baseline.HasValue);
        Assert.IsTrue(Evaluate(baseline) > 150, $"Mean return {Evaluate(baseline)}.");
    }

    [TestMethod]
    public void ReinforceUpdatesOnWholeEpisodes()
    {
        var ml = new MLContext(seed: 0);
        var policy = Fit(ml.Synaptic().Trainers.Reinforce(new ReinforceTrainer.Options { EnvironmentId = "CartPole-v1", Seed = 3, TotalTimesteps = 2_000 }));
        var history = policy.TrainingHistory!;
        foreach (var update in history.Updates)
        {
            var episodes = history.Episodes.Where(e => e.Update == update.Update - 1).ToArray();
            Assert.AreEqual(4, episodes.Length, "Each update sees one whole episode per environment.");
        }
        Assert.AreEqual(history.Episodes.Sum(e => e.Length), history.Updates[^1].EnvironmentSteps, "Steps count the episodes' steps.");
    }
}
