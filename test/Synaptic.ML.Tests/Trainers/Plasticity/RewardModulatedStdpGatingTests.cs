using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Plasticity;

/// <summary>
/// The third factor gates learning, for the user's per-episode rule (STDP over the episode, dopamine = return −
/// baseline): when every episode returns the same, dopamine is 0 and the weights stay put, while plain STDP (the
/// ablation) changes them after every episode.
/// </summary>
[TestClass]
public sealed class RewardModulatedStdpGatingTests
{
    private static TrainingHistory Train(bool dopamine, double? initialBaseline)
    {
        var ml = new MLContext(seed: 0);
        var options = new RewardModulatedStdpTrainer.Options
        {
            EnvironmentFactory = () => new FixedReturnEnv(),
            Seed = 5,
            Episodes = 4,
            StepsPerDecision = 30,
            Eligibility = PlasticityEligibility.SpikeTiming,
            Dopamine = DopamineSignal.EpisodeReturn,
            LearningRate = 0.01,
            DopamineModulation = dopamine,
            InitialBaseline = initialBaseline,
        };
        var data = ml.Data.LoadFromEnumerable(new[] { new OneFloat() });
        return ml.Synaptic().Trainers.RewardModulatedStdp(options).Fit(data).TrainingHistory!;
    }

    private static double[] Metric(TrainingHistory history, string key) =>
        history.Rows.Select(r => r[key]).Where(double.IsFinite).ToArray();

    [TestMethod]
    public void AConstantReturnGivesNoDopamineAndNoWeightChange()
    {
        var history = Train(dopamine: true, initialBaseline: null);
        CollectionAssert.AreEqual(new[] { 0.0, 0.0, 0.0, 0.0 }, Metric(history, RewardModulatedStdpTrainer.DopamineMetric));
        CollectionAssert.AreEqual(new[] { 0.0, 0.0, 0.0, 0.0 }, Metric(history, RewardModulatedStdpTrainer.WeightChangeMetric));
        CollectionAssert.AreEqual(new[] { 5.0, 5.0, 5.0, 5.0 }, Metric(history, RewardModulatedStdpTrainer.BaselineMetric));
    }

    [TestMethod]
    public void PlainStdpChangesTheWeightsWhateverTheReturn()
    {
        var history = Train(dopamine: false, initialBaseline: null);
        var changes = Metric(history, RewardModulatedStdpTrainer.WeightChangeMetric);
        Assert.AreEqual(4, changes.Length);
        Assert.IsTrue(changes.All(c => c > 0), $"Weight changes: {string.Join(", ", changes)}.");
    }

    [TestMethod]
    public void AReturnBelowTheBaselineIsNegativeDopamineThatChangesTheWeights()
    {
        var history = Train(dopamine: true, initialBaseline: 10);
        var dopamine = Metric(history, RewardModulatedStdpTrainer.DopamineMetric);
        // Return 5 each episode; the baseline moves from 10 by β = 0.1 towards 5: dopamine −5, −4.5, −4.05, −3.645.
        var expected = new[] { -5.0, -4.5, -4.05, -3.645 };
        for (var i = 0; i < expected.Length; i++)
            Assert.AreEqual(expected[i], dopamine[i], 1e-4, $"Episode {i}.");
        Assert.IsTrue(Metric(history, RewardModulatedStdpTrainer.WeightChangeMetric).All(c => c > 0));
    }

    private sealed class OneFloat
    {
        [Microsoft.ML.Data.VectorType(1)]
        public float[] Observation { get; set; } = [0.5f];
    }

    /// <summary>Box(0, 1, 1), two actions, reward 1 per step, truncated after 5 steps: every episode returns 5.</summary>
    private sealed class FixedReturnEnv() : Env("FixedReturn-v0")
    {
        private int _t;

        public override Space ObservationSpace { get; } = new BoxSpace(0, 1, 1);

        public override Space ActionSpace { get; } = new DiscreteSpace(2);

        protected override void OnReset(Span<float> observation, int? seed)
        {
            _t = 0;
            observation.Fill(0.5f);
        }

        protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
        {
            _t++;
            observation.Fill(0.5f);
            return new StepOutcome(1, false, _t >= 5);
        }
    }
}
