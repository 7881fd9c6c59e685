using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Environments.ToyText;
using Synaptic.ML.Tests.TestDoubles;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Tabular;

/// <summary>STDP-modulated Q-learning: its update by hand, its reduction to Q-learning, its options, its saved policy and Taxi.</summary>
[TestClass]
public sealed class StdpQLearningTests : TempDirectoryTest
{
    private static IDataView OneState(MLContext ml) => ml.Data.LoadFromEnumerable(new[] { new OneFloat() });

    [TestMethod]
    public void TwoUpdatesOnABanditMatchTheRuleComputedByHand()
    {
        // Always explore (ε = 1), α = 0.5, m = 0.5, A₊ = 1, τ₊ = 20 ms, τ_m = 10 ms, I_max = 2, T = 50 ms; W starts at 0.
        var ml = new MLContext(seed: 0);
        var options = new StdpQLearningTrainer.Options
        {
            EnvironmentFactory = () => new TwoArmedBanditEnv(),
            TotalTimesteps = 2,
            ExplorationInitial = 1,
            ExplorationFinal = 1,
            LearningRate = 0.5,
            Mixing = 0.5,
            Seed = 3,
        };
        var policy = ml.Synaptic().Trainers.StdpQLearning(options).Fit(OneState(ml));
        var returns = policy.TrainingHistory!.Episodes.Select(e => e.Return).ToArray();
        CollectionAssert.AreEqual(new[] { 2.0, -1.0 }, returns, "seed 3 explores action 1, then action 0");

        // Step 1, W[0,·] = [0, 0] is flat: both action neurons get I = 2 and fire at 10·ln 2 ms, so
        // stdp = e^{−10·ln 2 / 20} = 2^{−1/2}; δ = 2 − 0; ΔW[0,1] = 0.5·2·(0.5 + 0.5·2^{−1/2}) = 0.853553.
        var first = 0.5 * 2 * (0.5 + 0.5 / Math.Sqrt(2));
        // Step 2, W[0,·] = [0, 0.85]: action 0 has drive u = 0, I = 0, never reaches threshold and is paired at
        // T = 50 ms, so stdp = e^{−2.5}; δ = −1 − 0; ΔW[0,0] = 0.5·(−1)·(0.5 + 0.5·e^{−2.5}) = −0.270521.
        var second = 0.5 * -1 * (0.5 + 0.5 * Math.Exp(-2.5));
        var table = (QTablePolicy)policy.Model;
        Assert.AreEqual(first, table[0, 1], 1e-6);
        Assert.AreEqual(second, table[0, 0], 1e-6);

        var (_, changes) = policy.TrainingHistory.Series(MetricKeys.WeightChange);
        Assert.AreEqual(2, changes.Length);
        Assert.AreEqual(Math.Abs(first), changes[0], 1e-6);
        Assert.AreEqual(Math.Abs(second), changes[1], 1e-6);
    }

    [TestMethod]
    public void AnIntermediateDriveFiresAtTheLeakyIntegrateAndFireLatency()
    {
        // Row [0, 3, 4]: action 1 has u = 3/4, I = 1.5, and V(t) = 1.5·(1 − e^{−t/10}) reaches 1 at t = 10·ln 3.
        float[] row = [0, 3, 4];
        Assert.AreEqual(10 * Math.Log(3), StdpQLearningTrainer.SpikeTime(row, 1, 2, 10, 50), 1e-9);
        Assert.AreEqual(10 * Math.Log(2), StdpQLearningTrainer.SpikeTime(row, 2, 2, 10, 50), 1e-9, "the greedy action fires first");
        Assert.AreEqual(50, StdpQLearningTrainer.SpikeTime(row, 0, 2, 10, 50), "a silent neuron is paired at the window's end");
        Assert.AreEqual(5, StdpQLearningTrainer.SpikeTime(row, 1, 2, 10, 5), "no spike counts after the window");
    }

    [TestMethod]
    public void MixingZeroLearnsQLearningsTableExactly()
    {
        var ml = new MLContext(seed: 0);
        var stdp = new StdpQLearningTrainer.Options { EnvironmentId = "Taxi-v3", TotalTimesteps = 20_000, LearningRate = 0.5, Mixing = 0, Seed = 4 };
        var q = new QLearningTrainer.Options { EnvironmentId = "Taxi-v3", TotalTimesteps = 20_000, LearningRate = 0.5, Seed = 4 };
        var data = TrainedPolicies.Episodes(ml, "Taxi-v3");
        var a = (QTablePolicy)ml.Synaptic().Trainers.StdpQLearning(stdp).Fit(data).Model;
        var b = (QTablePolicy)ml.Synaptic().Trainers.QLearning(q).Fit(data).Model;
        var differing = 0;
        for (var s = 0; s < a.States; s++)
        {
            for (var action = 0; action < a.Actions; action++)
                differing += a[s, action] == b[s, action] ? 0 : 1;
        }
        Assert.AreEqual(0, differing);
        Assert.IsTrue(Enumerable.Range(0, a.States).Any(s => a[s, 0] != 0), "the tables learned something");

        stdp.Mixing = 0.5;
        var mixed = (QTablePolicy)ml.Synaptic().Trainers.StdpQLearning(stdp).Fit(data).Model;
        Assert.IsTrue(Enumerable.Range(0, a.States).Any(s => mixed[s, 0] != a[s, 0]), "m = 0.5 changes the updates");
    }

    [TestMethod]
    [DataRow("Mixing", 1.5)]
    [DataRow("Mixing", -0.1)]
    [DataRow("APlus", 0.0)]
    [DataRow("APlus", 1.5)]
    [DataRow("TauPlus", 0.0)]
    [DataRow("MembraneTimeConstant", double.NaN)]
    [DataRow("MaximumDrive", 1.0)]
    [DataRow("Window", -1.0)]
    public void AnInvalidOptionIsNamedWhenTheEstimatorIsMade(string name, double value)
    {
        var options = new StdpQLearningTrainer.Options { EnvironmentId = "Taxi-v3" };
        typeof(StdpQLearningTrainer.Options).GetProperty(name)!.SetValue(options, value);
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new MLContext(seed: 0).Synaptic().Trainers.StdpQLearning(options));
        Assert.AreEqual(name, ex.ParamName);
        StringAssert.Contains(ex.Message, name);
    }

    [TestMethod]
    public void TheSavedPolicyLoadsWithTheSameWeightsAndHistory()
    {
        var ml = new MLContext(seed: 0);
        var data = TrainedPolicies.Episodes(ml, "Taxi-v3");
        var policy = ml.Synaptic().Trainers.StdpQLearning("Taxi-v3", totalTimesteps: 5_000, seed: 1).Fit(data);
        var path = Path.Combine(Dir, "stdp-q.zip");
        ml.Model.Save(policy, data.Schema, path);

        var other = new MLContext(seed: 1);
        other.Synaptic();
        var loaded = (PolicyTransformer)other.Model.Load(path, out _);
        var (saved, read) = ((QTablePolicy)policy.Model, (QTablePolicy)loaded.Model);
        Assert.AreEqual(saved.States, read.States);
        for (var s = 0; s < saved.States; s++)
        {
            for (var a = 0; a < saved.Actions; a++)
                Assert.AreEqual(saved[s, a], read[s, a], $"W[{s}, {a}]");
        }
        CollectionAssert.AreEqual(policy.TrainingHistory!.Series(MetricKeys.WeightChange).Values, loaded.TrainingHistory!.Series(MetricKeys.WeightChange).Values);

        var heatmap = Path.Combine(Dir, "q.png");
        read.SaveHeatmap(heatmap);
        CollectionAssert.AreEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, File.ReadAllBytes(heatmap)[..4]);
    }

    [TestMethod]
    public void AContinuousObservationSpaceIsRefusedWithTheWayOut()
    {
        var ml = new MLContext(seed: 0);
        var options = new StdpQLearningTrainer.Options { EnvironmentId = "CartPole-v1" };
        var ex = Assert.ThrowsExactly<NotSupportedException>(() => ml.Synaptic().Trainers.StdpQLearning(options).Fit(TrainedPolicies.Episodes(ml, "CartPole-v1")));
        StringAssert.Contains(ex.Message, "StdpQLearningTrainer");
        StringAssert.Contains(ex.Message, "DiscretizeObservation");
    }

    [TestMethod]
    [TestCategory("Learning")]
    public void StdpQLearningReachesSevenOnTaxi()
    {
        var ml = new MLContext(seed: 0);
        var options = new StdpQLearningTrainer.Options { EnvironmentId = "Taxi-v3", TotalTimesteps = 200_000, LearningRate = 0.5, Gamma = 0.99, Seed = 1 };
        var policy = ml.Synaptic().Trainers.StdpQLearning(options).Fit(TrainedPolicies.Episodes(ml, "Taxi-v3"));
        var learned = ml.Synaptic().Evaluate(policy, ml.Synaptic().Environments.Taxi(), episodes: 100, seed: 500);
        var optimum = ml.Synaptic().Evaluate(ValueIteration.SolvePolicy(ml, new Taxi(), 0.99), ml.Synaptic().Environments.Taxi(), episodes: 100, seed: 500);
        Assert.IsGreaterThanOrEqualTo(7.0, learned.MeanReturn, $"learned {learned}, value iteration {optimum}");
        Assert.IsGreaterThan(0, policy.TrainingHistory!.Series(MetricKeys.WeightChange).Values.Length);
    }

    private sealed class OneFloat
    {
        [VectorType(1)]
        public float[] Observation { get; set; } = [0];
    }
}
