using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Tests.TestDoubles;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers;

/// <summary>
/// The policy family's per-episode state, with a model that counts steps since its episode started: episode
/// views start it at each new Episode value, Evaluate and Rollout at each reset, and it survives a zip.
/// </summary>
[TestClass]
public sealed class StatefulPolicyTests : TempDirectoryTest
{
    private static PolicyTransformer Counter(MLContext ml)
    {
        StepCounterPolicy.Register();
        return new PolicyTransformer(ml, "Observation", new PolicyColumnNames(), new StepCounterPolicy(1), null);
    }

    [TestMethod]
    public void OnAnEpisodeViewEachNewEpisodeValueStartsTheStateOver()
    {
        var ml = new MLContext(seed: 0);
        var episodes = ml.Synaptic().Data.Rollout(new AlternateEnv(), episodes: 3, seed: 0);
        var scored = Counter(ml).Transform(episodes);
        var steps = scored.GetColumn<int>("Step").ToArray();
        var counts = scored.GetColumn<float>("StepCount").ToArray();
        Assert.AreEqual(21, steps.Length);
        CollectionAssert.AreEqual(steps.Select(s => (float)s).ToArray(), counts, "The count restarts with every episode.");
    }

    [TestMethod]
    public void WithoutAnEpisodeColumnOneCursorIsOneEpisode()
    {
        var ml = new MLContext(seed: 0);
        var rows = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 9).Select(i => new Single { Observation = [i] }));
        var counts = Counter(ml).Transform(rows).GetColumn<float>("StepCount").ToArray();
        CollectionAssert.AreEqual(Enumerable.Range(0, 9).Select(i => (float)i).ToArray(), counts);
    }

    [TestMethod]
    public void PredictionEngineUsersStartEpisodesThroughTheEpisodeColumn()
    {
        var ml = new MLContext(seed: 0);
        var engine = ml.Model.CreatePredictionEngine<WithEpisode, Counted>(Counter(ml));
        var seen = new List<float>();
        foreach (var episode in new[] { 0, 0, 0, 1, 1, 2 })
            seen.Add(engine.Predict(new WithEpisode { Observation = [0], Episode = episode }).StepCount);
        CollectionAssert.AreEqual(new float[] { 0, 1, 2, 0, 1, 0 }, seen);
    }

    [TestMethod]
    public void EvaluateAndRolloutStartAnEpisodeAtEveryReset()
    {
        var ml = new MLContext(seed: 0);
        var policy = Counter(ml);
        var batched = ml.Synaptic().Evaluate(policy, () => new AlternateEnv(), episodes: 5, parallelEpisodes: 2);
        Assert.AreEqual(7.0, batched.MeanReturn, "Each of the 5 episodes is played from a fresh count, 2 at a time.");
        var single = ml.Synaptic().Evaluate(policy, new AlternateEnv(), episodes: 3);
        Assert.AreEqual(7.0, single.MeanReturn);
        var rollout = ml.Synaptic().Data.Rollout(new AlternateEnv(), policy, episodes: 2);
        Assert.AreEqual(14.0, rollout.GetColumn<double>("Reward").Sum());

        // The control: one delegate that never hears of resets counts on, and loses reward from the second episode on.
        var forgetful = ml.Synaptic().Data.Rollout(new AlternateEnv(), policy.AsPolicy(), episodes: 2);
        Assert.AreEqual(7.0, forgetful.GetColumn<double>("Reward").Sum());
    }

    [TestMethod]
    public void AStatefulModelRoundTripsThroughAZipAndRowsMustComeInOrder()
    {
        var ml = new MLContext(seed: 0);
        var episodes = ml.Synaptic().Data.Rollout(new AlternateEnv(), episodes: 2, seed: 0);
        var path = Path.Combine(Dir, "counter.zip");
        ml.Model.Save(Counter(ml), episodes.Schema, path);
        var loaded = (PolicyTransformer)new MLContext(seed: 1).Synaptic().LoadModel(path, out _);
        Assert.IsTrue(loaded.IsStateful);
        Assert.AreEqual(StepCounterPolicy.KindName, loaded.Model.Kind);
        CollectionAssert.AreEqual(loaded.Transform(episodes).GetColumn<int>("Step").Select(s => (float)s).ToArray(),
            loaded.Transform(episodes).GetColumn<float>("StepCount").ToArray());

        using var cursor = loaded.Transform(episodes).GetRowCursor(loaded.Transform(episodes).Schema);
        var getter = cursor.GetGetter<float>(cursor.Schema["StepCount"]);
        float value = 0;
        cursor.MoveNext();
        getter(ref value);
        cursor.MoveNext();
        cursor.MoveNext();
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => getter(ref value));
        StringAssert.Contains(ex.Message, "row 2 follows row 0");
    }

    private sealed class Single
    {
        [VectorType(1)]
        public float[] Observation { get; set; } = [];
    }

    private sealed class WithEpisode
    {
        [VectorType(1)]
        public float[] Observation { get; set; } = [];

        public int Episode { get; set; }
    }

    private sealed class Counted
    {
        public float StepCount { get; set; }
    }
}
