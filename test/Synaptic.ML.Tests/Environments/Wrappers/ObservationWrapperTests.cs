using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Wrappers;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Tests.Environments.Wrappers;

[TestClass]
public sealed class ObservationWrapperTests
{
    [TestMethod]
    public void FrameStack_ResetFillsWithFirstObservation_ThenRollsOldestFirst()
    {
        float[][] script = [[1f, 10f], [2f, 20f], [3f, 30f], [4f, 40f], [5f, 50f]];
        var env = new FrameStackObservation(new ScriptedEnv(script), 3);
        CollectionAssert.AreEqual(new float[] { 1, 10, 1, 10, 1, 10 }, env.Reset(0));
        CollectionAssert.AreEqual(new float[] { 1, 10, 1, 10, 2, 20 }, env.Step([0f]).Observation);
        CollectionAssert.AreEqual(new float[] { 1, 10, 2, 20, 3, 30 }, env.Step([0f]).Observation);
        CollectionAssert.AreEqual(new float[] { 2, 20, 3, 30, 4, 40 }, env.Step([0f]).Observation);
        CollectionAssert.AreEqual(new float[] { 3, 30, 4, 40, 5, 50 }, env.Step([0f]).Observation);
        // A new episode starts from a full stack of its first observation again.
        CollectionAssert.AreEqual(new float[] { 1, 10, 1, 10, 1, 10 }, env.Reset());
    }

    [TestMethod]
    public void FrameStack_SpaceRepeatsTheBounds_WithALeadingStackDimension()
    {
        var inner = new ScriptedEnv([[0f, 0f]], observationSpace: new BoxSpace([-1f, 0f], [1f, 5f]));
        var box = (BoxSpace)new FrameStackObservation(inner, 2).ObservationSpace;
        CollectionAssert.AreEqual(new[] { 2, 2 }, box.Shape);
        CollectionAssert.AreEqual(new[] { -1f, 0f, -1f, 0f }, box.Low.ToArray());
        CollectionAssert.AreEqual(new[] { 1f, 5f, 1f, 5f }, box.High.ToArray());

        var discrete = new DiscretizeObservation(inner, 3);
        Assert.AreEqual("MultiDiscrete([9, 9, 9, 9])", new FrameStackObservation(discrete, 4).ObservationSpace.ToString());
    }

    [TestMethod]
    public void MaskObservation_DropsChosenElements_KeepsOrderAndBounds()
    {
        // CartPole-like: position, velocity, angle, angular velocity.
        var space = new BoxSpace([-4.8f, float.NegativeInfinity, -0.42f, float.NegativeInfinity], [4.8f, float.PositiveInfinity, 0.42f, float.PositiveInfinity]);
        float[][] script = [[0.1f, 1f, 0.01f, -2f], [0.2f, 1.5f, 0.02f, -2.5f]];
        var env = new MaskObservation(new ScriptedEnv(script, observationSpace: space), 1, 3);
        CollectionAssert.AreEqual(new[] { 0.1f, 0.01f }, env.Reset(0));
        CollectionAssert.AreEqual(new[] { 0.2f, 0.02f }, env.Step([0f]).Observation);
        CollectionAssert.AreEqual(new[] { 0, 2 }, env.KeptIndices.ToArray());
        var box = (BoxSpace)env.ObservationSpace;
        CollectionAssert.AreEqual(new[] { -4.8f, -0.42f }, box.Low.ToArray());
        CollectionAssert.AreEqual(new[] { 4.8f, 0.42f }, box.High.ToArray());
    }

    [TestMethod]
    public void MaskObservation_RefusesBadIndices()
    {
        var inner = new ScriptedEnv([[0f, 0f, 0f]]);
        StringAssert.Contains(Assert.Throws<ArgumentOutOfRangeException>(() => new MaskObservation(inner, 3)).Message, "Element 3 does not exist");
        StringAssert.Contains(Assert.Throws<ArgumentException>(() => new MaskObservation(inner, 1, 1)).Message, "listed twice");
        StringAssert.Contains(Assert.Throws<ArgumentException>(() => new MaskObservation(inner, 0, 1, 2)).Message, "leaves nothing");
    }

    [TestMethod]
    public void Discretize_BinsByDocumentedEdges_RowMajorFirstElementMostSignificant()
    {
        // Element 0 over [0, 1] in 4 bins (edges 0.25, 0.5, 0.75); element 1 over [-1, 1] in 2 bins (edge 0).
        float[][] script = [[0.1f, -0.5f], [0.5f, 0f], [0.99f, 0.7f], [1f, 1f], [-3f, -3f], [0.2499f, 0.0001f], [7f, -7f]];
        int[] expected = [0 * 2 + 0, 2 * 2 + 1, 3 * 2 + 1, 3 * 2 + 1, 0, 0 * 2 + 1, 3 * 2 + 0];
        var space = new BoxSpace([0f, -1f], [1f, 1f]);
        var env = new DiscretizeObservation(new ScriptedEnv(script, observationSpace: new BoxSpace(-10f, 10f, 2)), [4, 2], space.Low.ToArray(), space.High.ToArray());
        Assert.AreEqual("Discrete(8)", env.ObservationSpace.ToString());
        CollectionAssert.AreEqual(new[] { 0.25, 0.5, 0.75 }, env.BinEdges(0).ToArray());
        CollectionAssert.AreEqual(new[] { 0.0 }, env.BinEdges(1).ToArray());
        Assert.AreEqual(expected[0], env.Reset(0)[0]);
        for (var t = 1; t < script.Length; t++)
            Assert.AreEqual(expected[t], env.Step([0f]).Observation[0], $"observation [{string.Join(", ", script[t])}]");

        var multi = new DiscretizeObservation(new ScriptedEnv(script, observationSpace: space), [4, 2], multiDiscrete: true);
        Assert.AreEqual("MultiDiscrete([4, 2])", multi.ObservationSpace.ToString());
        CollectionAssert.AreEqual(new[] { 0f, 0f }, multi.Reset(0));
        CollectionAssert.AreEqual(new[] { 2f, 1f }, multi.Step([0f]).Observation);
    }

    [TestMethod]
    public void Discretize_BinOfMatchesCountOfEdgesAtOrBelow_ForRandomValues()
    {
        var env = new DiscretizeObservation(new ScriptedEnv([[0f]], observationSpace: new BoxSpace(-2.5f, 4f, 1)), 13);
        var random = new SplitMix64(4);
        for (var k = 0; k < 10_000; k++)
        {
            var x = (float)(-3 + 8 * random.NextDouble());
            var edgesAtOrBelow = Enumerable.Range(1, 12).Count(j => -2.5 + j * (6.5 / 13) <= x);
            Assert.AreEqual(edgesAtOrBelow, env.BinOf(0, x), $"x = {x}");
        }
    }

    [TestMethod]
    public void Discretize_UnboundedSpaceNeedsExplicitBounds()
    {
        var inner = new ScriptedEnv([[0f, 0f]], observationSpace: new BoxSpace([-1f, float.NegativeInfinity], [1f, float.PositiveInfinity]));
        var error = Assert.Throws<ArgumentException>(() => new DiscretizeObservation(inner, 3));
        StringAssert.Contains(error.Message, "Element 1");
        StringAssert.Contains(error.Message, "pass low and high");
        Assert.AreEqual("Discrete(9)", new DiscretizeObservation(inner, 3, [-1f, -3f], [1f, 3f]).ObservationSpace.ToString());
        StringAssert.Contains(Assert.Throws<ArgumentException>(() => new DiscretizeObservation(inner, [5000, 5000], [-1f, -3f], [1f, 3f])).Message, "more than 2^24 states");
        Assert.AreEqual("MultiDiscrete([5000, 5000])", new DiscretizeObservation(inner, [5000, 5000], [-1f, -3f], [1f, 3f], multiDiscrete: true).ObservationSpace.ToString());
    }

    [TestMethod]
    public void TransformingWrappers_AllocateNothingPerStep()
    {
        var random = new SplitMix64(9);
        var script = Enumerable.Range(0, 16).Select(_ => new[] { (float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble() }).ToArray();
        var space = new BoxSpace(0f, 1f, 3);
        Func<Env, Env>[] wrappers =
        [
            e => new NormalizeObservation(e, clip: 5f),
            e => new NormalizeReward(e),
            e => new FrameStackObservation(e, 4),
            e => new MaskObservation(e, 1),
            e => new DiscretizeObservation(e, 5),
            e => new ClipAction(e),
            e => new RescaleAction(e, -1f, 1f),
            e => new RecordEpisodeStatistics(e),
        ];
        foreach (var wrap in wrappers)
        {
            var env = wrap(new ScriptedEnv(script, episodeLength: int.MaxValue, observationSpace: space, actionSpace: new BoxSpace(-2f, 2f, 1)));
            var observation = new float[env.ObservationSpace.Size];
            float[] action = [0.5f];
            env.Reset(observation, 0);
            for (var t = 0; t < 100; t++)
                env.Step(action, observation);
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var t = 0; t < 5000; t++)
                env.Step(action, observation);
            Assert.AreEqual(0L, GC.GetAllocatedBytesForCurrentThread() - before, env.GetType().Name);
        }
    }
}
