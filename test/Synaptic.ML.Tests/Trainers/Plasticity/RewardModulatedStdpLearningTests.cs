using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Custom;
using Synaptic.ML.Environments.Wrappers;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Plasticity;

/// <summary>
/// The R-STDP agent learns LaneKeeping's gentle curves without backpropagation, and the dopamine is what makes it
/// learn: the same network, tags and budget without the dopamine factor (plain plasticity, ΔW = η·E) crash as a
/// random policy does. Fixed seeds, 100 training episodes, 20 deterministic evaluation episodes.
/// </summary>
[TestClass]
[TestCategory("Learning")]
public sealed class RewardModulatedStdpLearningTests
{
    public TestContext TestContext { get; set; } = null!;

    private static Env GentleCurves() => new TimeLimit(new LaneKeeping(new LaneKeeping.Options { Phase = LaneKeepingRoadProfile.GentleCurves }), 100);

    private static PolicyEvaluation TrainAndEvaluate(int seed, bool dopamine)
    {
        var ml = new MLContext(seed: 0);
        var options = new RewardModulatedStdpTrainer.Options
        {
            EnvironmentFactory = GentleCurves,
            Episodes = 100,
            Seed = seed,
            DopamineModulation = dopamine,
        };
        var policy = ml.Synaptic().Trainers.RewardModulatedStdp(options).Fit(TrainedPolicies.Episodes(ml, LaneKeeping.EnvId));
        return ml.Synaptic().Evaluate(policy, GentleCurves(), episodes: 20, seed: 12345);
    }

    [TestMethod]
    public void DopamineTeachesTheGentleCurvesAndPlainPlasticityDoesNot()
    {
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var learned = TrainAndEvaluate(seed, dopamine: true);
            var plain = TrainAndEvaluate(seed, dopamine: false);
            TestContext.WriteLine($"seed {seed}: dopamine {learned}; plain {plain}");
            // The maximum is 250 (100 steps × 2.5); a crash costs −100, and a uniformly random policy scores about −65.
            Assert.IsGreaterThanOrEqualTo(200, learned.MeanReturn, $"seed {seed}, dopamine: {learned}");
            Assert.IsTrue(learned.Lengths.All(l => l == 100), $"seed {seed}, dopamine: every evaluation episode stays on the road ({learned}).");
            Assert.IsLessThan(0, plain.MeanReturn, $"seed {seed}, plain plasticity: {plain}");
        }
    }

    /// <summary>
    /// Why the pools are scaled: on the straight road, where always going straight never crashes, the unscaled rule
    /// makes the straight pool louder for every input (its excitatory inputs grow about fourfold while the turning pools'
    /// shrink), which the curves of the next curriculum phase must unlearn crash by crash. Scaled, every pool
    /// neuron keeps its untrained total input.
    /// </summary>
    [TestMethod]
    public void OnTheStraightRoadOnlyTheUnscaledRuleMakesTheStraightPoolLouder()
    {
        var untrained = PoolInputs(TrainOnTheStraightRoad(scaling: true, learningRate: 0));
        var scaled = PoolInputs(TrainOnTheStraightRoad(scaling: true, learningRate: 0.001));
        var unscaled = PoolInputs(TrainOnTheStraightRoad(scaling: false, learningRate: 0.001));
        TestContext.WriteLine($"mean excitatory input per pool (left, straight, right): untrained {string.Join(", ", untrained.Select(v => v.ToString("F4")))}; " +
            $"scaled {string.Join(", ", scaled.Select(v => v.ToString("F4")))}; unscaled {string.Join(", ", unscaled.Select(v => v.ToString("F4")))}");
        for (var pool = 0; pool < 3; pool++)
        {
            // Only the clipping after the scaling can move a sum, and then by a little.
            Assert.AreEqual(untrained[pool], scaled[pool], 0.02 * untrained[pool], $"pool {pool}, scaled");
        }
        // Measured with this seed: 0.050 → 0.228 for the straight pool, 0.050 → 0.034 and 0.048 → 0.036 for the turning ones.
        Assert.IsGreaterThan(3 * untrained[LaneKeeping.Straight], unscaled[LaneKeeping.Straight], "unscaled, the straight pool");
        Assert.IsLessThan(0.8 * untrained[LaneKeeping.SteerLeft], unscaled[LaneKeeping.SteerLeft], "unscaled, the left pool");
        Assert.IsLessThan(0.8 * untrained[LaneKeeping.SteerRight], unscaled[LaneKeeping.SteerRight], "unscaled, the right pool");
    }

    private static RewardModulatedStdpPolicy TrainOnTheStraightRoad(bool scaling, double learningRate)
    {
        var ml = new MLContext(seed: 0);
        var options = new RewardModulatedStdpTrainer.Options
        {
            EnvironmentId = LaneKeeping.EnvId,
            Episodes = 20,
            Seed = 4,
            LearningRate = learningRate,
            PoolSynapticScaling = scaling,
        };
        return (RewardModulatedStdpPolicy)ml.Synaptic().Trainers.RewardModulatedStdp(options).Fit(TrainedPolicies.Episodes(ml, LaneKeeping.EnvId)).Model;
    }

    /// <summary>The mean excitatory input weight of each motor pool's neurons.</summary>
    private static double[] PoolInputs(RewardModulatedStdpPolicy policy)
    {
        var (n, pool, weights) = (policy.Neurons, policy.PoolSize, policy.Weights.ToArray());
        return [.. Enumerable.Range(0, policy.Actions).Select(a => Enumerable.Range(a * pool, pool)
            .SelectMany(i => weights.Skip(i * n).Take(policy.ExcitatoryNeurons)).Average(w => (double)w))];
    }
}
