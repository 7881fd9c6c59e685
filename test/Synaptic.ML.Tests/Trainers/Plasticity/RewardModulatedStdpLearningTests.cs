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
}
