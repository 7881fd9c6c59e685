using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Environments;
using Synaptic.ML.Randomness;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers;

[TestClass]
public sealed class PolicyTransformerTests : TempDirectoryTest
{
    private sealed class ObservationRow
    {
        [VectorType(4)]
        public float[] Observation { get; set; } = [];
    }

    private sealed class DiscretePrediction
    {
        public int Action { get; set; }

        public float[] ActionProbabilities { get; set; } = [];

        public float Value { get; set; }
    }

    [TestMethod]
    public void DiscretePolicyAppendsActionProbabilitiesAndValue()
    {
        var ml = new MLContext(seed: 0);
        var policy = TrainedPolicies.CartPole;
        var scored = policy.Transform(TrainedPolicies.Episodes(ml, "CartPole-v1", episodes: 3));

        Assert.AreEqual(NumberDataViewType.Int32, scored.Schema["Action"].Type);
        Assert.AreEqual(2, ((VectorDataViewType)scored.Schema["ActionProbabilities"].Type).Size);
        Assert.AreEqual(NumberDataViewType.Single, scored.Schema["Value"].Type);
        var observations = scored.GetColumn<float[]>("Observation").ToArray();
        var actions = scored.GetColumn<int>("Action").ToArray();
        var probabilities = scored.GetColumn<float[]>("ActionProbabilities").ToArray();
        var values = scored.GetColumn<float>("Value").ToArray();
        Assert.IsTrue(observations.Length > 10);
        var both = 0;
        for (var i = 0; i < observations.Length; i++)
        {
            Assert.AreEqual(1.0, probabilities[i].Sum(), 1e-5);
            Assert.AreEqual(probabilities[i][1] > probabilities[i][0] ? 1 : 0, actions[i], "The deterministic action is the most probable one.");
            Assert.AreEqual(policy.Act(observations[i])[0], actions[i]);
            Assert.AreEqual(policy.Value(observations[i]), values[i], 1e-6);
            both |= 1 << actions[i];
        }
        Assert.AreEqual(3, both, "The trained policy uses both actions.");
    }

    [TestMethod]
    public void ContinuousPolicyWritesTheClippedMeanAsAction()
    {
        var ml = new MLContext(seed: 0);
        var policy = TrainedPolicies.Pendulum;
        Assert.IsTrue(policy.IsContinuous);
        var scored = policy.Transform(TrainedPolicies.Episodes(ml, "Pendulum-v1"));
        Assert.AreEqual(1, ((VectorDataViewType)scored.Schema["Action"].Type).Size);
        Assert.IsNull(scored.Schema.GetColumnOrNull("ActionProbabilities"));
        var means = scored.GetColumn<float[]>("ActionMean").ToArray();
        var actions = scored.GetColumn<float[]>("Action").ToArray();
        for (var i = 0; i < means.Length; i++)
            Assert.AreEqual(Math.Clamp(means[i][0], -2f, 2f), actions[i][0]);
        Assert.AreEqual(1, policy.ActionStd.Count);
    }

    [TestMethod]
    public void PredictionEngineGivesTheSameAsTheFastPath()
    {
        var ml = new MLContext(seed: 0);
        var policy = TrainedPolicies.CartPole;
        var engine = ml.Model.CreatePredictionEngine<ObservationRow, DiscretePrediction>(policy);
        var env = ml.Synaptic().Environments.CartPole();
        var observation = env.Reset(seed: 3);
        for (var t = 0; t < 50; t++)
        {
            var prediction = engine.Predict(new ObservationRow { Observation = observation });
            Assert.AreEqual((int)policy.Act(observation)[0], prediction.Action);
            Assert.AreEqual(policy.Value(observation), prediction.Value, 1e-6);
            var step = env.Step(prediction.Action);
            if (step.Terminated || step.Truncated)
                break;
            observation = step.Observation;
        }
    }

    [TestMethod]
    public void SaveAndLoadRoundTripGivesIdenticalOutputsAndKeepsTheHistory()
    {
        foreach (var (policy, id) in new[] { (TrainedPolicies.CartPole, "CartPole-v1"), (TrainedPolicies.Pendulum, "Pendulum-v1") })
        {
            var ml = new MLContext(seed: 0);
            var data = TrainedPolicies.Episodes(ml, id, episodes: 2);
            var path = Path.Combine(Dir, id + ".zip");
            ml.Model.Save(policy, data.Schema, path);

            var fresh = new MLContext(seed: 9);
            var loaded = (PolicyTransformer)fresh.Synaptic().LoadModel(path, out _);
            var column = policy.IsContinuous ? "ActionMean" : "ActionProbabilities";
            var expected = policy.Transform(data).GetColumn<float[]>(column).ToArray();
            var actual = loaded.Transform(data).GetColumn<float[]>(column).ToArray();
            Assert.AreEqual(expected.Length, actual.Length);
            for (var i = 0; i < expected.Length; i++)
                CollectionAssert.AreEqual(expected[i], actual[i], $"{id} row {i}");
            CollectionAssert.AreEqual(policy.Transform(data).GetColumn<float>("Value").ToArray(), loaded.Transform(data).GetColumn<float>("Value").ToArray());
            Assert.AreEqual(policy.TrainingHistory!.Episodes.Count, loaded.TrainingHistory!.Episodes.Count);
            CollectionAssert.AreEqual(policy.TrainingHistory.Updates.ToArray(), loaded.TrainingHistory.Updates.ToArray());
            CollectionAssert.AreEqual(policy.ActionStd.ToArray(), loaded.ActionStd.ToArray());
        }
    }

    [TestMethod]
    public void SampledActionsFollowTheProbabilitiesAndRepeatOnRereading()
    {
        var ml = new MLContext(seed: 0);
        var sampling = TrainedPolicies.CartPole.WithSampling(seed: 21);
        var data = TrainedPolicies.Episodes(ml, "CartPole-v1", episodes: 40);
        var scored = sampling.Transform(data);
        var actions = scored.GetColumn<int>("Action").ToArray();
        CollectionAssert.AreEqual(actions, scored.GetColumn<int>("Action").ToArray(), "Draws are a function of seed and row.");
        var probabilities = scored.GetColumn<float[]>("ActionProbabilities").ToArray();
        var expectedOnes = probabilities.Sum(p => (double)p[1]);
        var variance = probabilities.Sum(p => (double)p[1] * p[0]);
        Assert.AreEqual(expectedOnes, actions.Count(a => a == 1), 5 * Math.Sqrt(variance) + 1);
        var otherSeed = TrainedPolicies.CartPole.WithSampling(seed: 22).Transform(data).GetColumn<int>("Action").ToArray();
        CollectionAssert.AreNotEqual(actions, otherSeed);
    }

    [TestMethod]
    public void AsPolicyDrivesRolloutsAndActBatchAgreesWithAct()
    {
        var ml = new MLContext(seed: 0);
        var policy = TrainedPolicies.CartPole;
        var env = ml.Synaptic().Environments.CartPole();
        var episodes = ml.Synaptic().Data.Rollout(env, policy.AsPolicy(), episodes: 2, seed: 4);
        var observations = episodes.GetColumn<float[]>("Observation").ToArray();
        var actions = episodes.GetColumn<float[]>("Action").ToArray();
        var batch = new float[observations.Length];
        policy.ActBatch(observations.SelectMany(o => o).ToArray(), batch);
        for (var i = 0; i < observations.Length; i++)
        {
            Assert.AreEqual(policy.Act(observations[i])[0], actions[i][0]);
            Assert.AreEqual(actions[i][0], batch[i]);
        }
        var random = new SplitMix64(1);
        var action = new float[1];
        policy.Act(observations[0], action, ref random);
        Assert.IsTrue(action[0] is 0 or 1);
    }

    [TestMethod]
    public void RolloutTakesThePolicyTransformerItselfAndIsReproducible()
    {
        var ml = new MLContext(seed: 0);
        var sampling = TrainedPolicies.CartPole.WithSampling(seed: 9);
        var env = ml.Synaptic().Environments.CartPole();
        float[][] Actions(IDataView view) => view.GetColumn<float[]>("Action").ToArray();

        var first = ml.Synaptic().Data.Rollout(env, sampling, episodes: 2, seed: 4);
        var again = ml.Synaptic().Data.Rollout(env, sampling, episodes: 2, seed: 4);
        var viaDelegate = ml.Synaptic().Data.Rollout(env, sampling.AsPolicy(), episodes: 2, seed: 4);
        CollectionAssert.AreEqual(Actions(viaDelegate).Select(a => a[0]).ToArray(), Actions(first).Select(a => a[0]).ToArray(), "The same as AsPolicy().");
        CollectionAssert.AreEqual(Actions(first).Select(a => a[0]).ToArray(), Actions(again).Select(a => a[0]).ToArray(),
            "Each rollout samples with a fresh generator, so the same call gives the same episodes.");

        var recorded = ml.Synaptic().Data.Record(env, sampling, episodes: 2, seed: 4);
        CollectionAssert.AreEqual(Actions(first).Select(a => a[0]).ToArray(), recorded.Transitions.Select(t => t.Action[0]).ToArray());
        var wrong = Assert.ThrowsExactly<ArgumentException>(() => ml.Synaptic().Data.Rollout(ml.Synaptic().Environments.Pendulum(), TrainedPolicies.CartPole));
        StringAssert.Contains(wrong.Message, "Pendulum-v1's observations have 3 floats; the policy reads 4.");
    }

    [TestMethod]
    public void ThePolicyIsDisposableAndItsModelLivesUntilTheLastSharerIsDisposed()
    {
        var ml = new MLContext(seed: 0);
        var data = TrainedPolicies.Episodes(ml, "CartPole-v1");
        var path = Path.Combine(Dir, "policy.zip");
        ml.Model.Save(TrainedPolicies.CartPole, data.Schema, path);
        var observation = new float[] { 0.01f, 0.02f, 0.03f, 0.04f };

        var loaded = (PolicyTransformer)ml.Synaptic().LoadModel(path, out _);
        var sampling = loaded.WithSampling(seed: 3);
        loaded.Dispose();
        loaded.Dispose();   // idempotent
        Assert.IsTrue(loaded.IsDisposed);
        var act = Assert.ThrowsExactly<ObjectDisposedException>(() => loaded.Act(observation));
        StringAssert.Contains(act.Message, "policy transformer was disposed");
        Assert.ThrowsExactly<ObjectDisposedException>(() => loaded.Transform(data).GetColumn<int>("Action").ToArray());
        Assert.ThrowsExactly<ObjectDisposedException>(() => ml.Synaptic().Evaluate(loaded, () => ml.Synaptic().Environments.CartPole(), episodes: 1));
        Assert.ThrowsExactly<ObjectDisposedException>(() => loaded.WithSampling(4));

        Assert.IsFalse(sampling.Model.IsDisposed, "The sampling copy still uses the model.");
        Assert.HasCount(1, sampling.Act(observation));
        sampling.Dispose();
        Assert.IsTrue(sampling.Model.IsDisposed, "The last sharer released the network.");

        using (var scoped = (PolicyTransformer)ml.Synaptic().LoadModel(path, out _))
            Assert.AreEqual(TrainedPolicies.CartPole.Act(observation)[0], scoped.Act(observation)[0]);
    }

    [TestMethod]
    public void BadObservationsAreRefusedWithTheColumnRowAndSizes()
    {
        var ml = new MLContext(seed: 0);
        var policy = TrainedPolicies.CartPole;
        var wrongSize = ml.Data.LoadFromEnumerable(new[] { new ThreeFloats { Observation = [1, 2, 3] } });
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => policy.Transform(wrongSize));
        StringAssert.Contains(ex.Message, "'Observation' has 3 values");
        StringAssert.Contains(ex.Message, "observations of 4");

        var withNaN = ml.Data.LoadFromEnumerable(new[] { new ObservationRow { Observation = [0, 0, 0, 0] }, new ObservationRow { Observation = [0, float.NaN, 0, 0] } });
        var nan = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => policy.Transform(withNaN).GetColumn<int>("Action").ToArray());
        StringAssert.Contains(nan.Message, "row 1, element 1");

        Assert.ThrowsExactly<ArgumentException>(() => policy.Act(new float[3]));
        Assert.ThrowsExactly<ArgumentException>(() => policy.Act([0, float.PositiveInfinity, 0, 0]));
        var evaluate = Assert.ThrowsExactly<ArgumentException>(() => ml.Synaptic().Evaluate(policy, ml.Synaptic().Environments.Pendulum(), 1));
        StringAssert.Contains(evaluate.Message, "Pendulum-v1");
    }

    private sealed class ThreeFloats
    {
        [VectorType(3)]
        public float[] Observation { get; set; } = [];
    }
}
