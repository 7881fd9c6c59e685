using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Wrappers;

namespace Synaptic.ML.Tests.Environments.Wrappers;

[TestClass]
public sealed class ActionWrapperTests
{
    private static ScriptedEnv BoxActions(float[] low, float[] high) =>
        new([[0f]], episodeLength: 1000, actionSpace: new BoxSpace(low, high));

    [TestMethod]
    public void ClipAction_ClipsEachElementIntoTheBounds_AndAcceptsAnyRealAction()
    {
        var inner = BoxActions([-1f, 0f, -2f], [1f, 10f, 2f]);
        var env = new ClipAction(inner);
        env.Reset(0);
        env.Step([5f, -3f, 1.5f]);
        CollectionAssert.AreEqual(new[] { 1f, 0f, 1.5f }, inner.LastAction.ToArray());
        env.Step([float.NegativeInfinity, float.PositiveInfinity, -7f]);
        CollectionAssert.AreEqual(new[] { -1f, 10f, -2f }, inner.LastAction.ToArray());
        var space = (BoxSpace)env.ActionSpace;
        Assert.IsTrue(space.Low.ToArray().All(float.IsNegativeInfinity) && space.High.ToArray().All(float.IsPositiveInfinity), $"{space}");
        CollectionAssert.AreEqual(new[] { 3 }, space.Shape);
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step([float.NaN, 0f, 0f]));
    }

    [TestMethod]
    public void RescaleAction_MapsMinToLowAndMaxToHigh_Affinely()
    {
        var inner = BoxActions([-2f, 0f], [2f, 10f]);
        var env = new RescaleAction(inner, -1f, 1f);
        env.Reset(0);
        (float[] Action, float[] Expected)[] cases =
        [
            ([-1f, -1f], [-2f, 0f]),
            ([1f, 1f], [2f, 10f]),
            ([0f, 0f], [0f, 5f]),
            ([0.5f, -0.5f], [1f, 2.5f]),
        ];
        foreach (var (action, expected) in cases)
        {
            env.Step(action);
            CollectionAssert.AreEqual(expected, inner.LastAction.ToArray(), $"action [{string.Join(", ", action)}]");
        }
        var space = (BoxSpace)env.ActionSpace;
        CollectionAssert.AreEqual(new[] { -1f, -1f }, space.Low.ToArray());
        CollectionAssert.AreEqual(new[] { 1f, 1f }, space.High.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step([1.5f, 0f]), "actions outside [min, max] are refused");
    }

    [TestMethod]
    public void RescaleAction_PerElementTargets()
    {
        var inner = BoxActions([0f, 0f], [1f, 1f]);
        var env = new RescaleAction(inner, [0f, -4f], [2f, 4f]);
        env.Reset(0);
        env.Step([0.5f, 2f]);
        CollectionAssert.AreEqual(new[] { 0.25f, 0.75f }, inner.LastAction.ToArray());
    }

    [TestMethod]
    public void ActionWrappers_RefuseNonBoxSpacesAndBadBounds_Clearly()
    {
        var discrete = new ScriptedEnv([[0f]], actionSpace: new DiscreteSpace(4));
        var clip = Assert.Throws<ArgumentException>(() => new ClipAction(discrete));
        StringAssert.Contains(clip.Message, "ClipAction needs a Box action space");
        StringAssert.Contains(clip.Message, "Discrete(4)");
        var rescale = Assert.Throws<ArgumentException>(() => new RescaleAction(discrete, -1f, 1f));
        StringAssert.Contains(rescale.Message, "RescaleAction needs a Box action space");

        var unbounded = BoxActions([float.NegativeInfinity], [1f]);
        StringAssert.Contains(Assert.Throws<ArgumentException>(() => new RescaleAction(unbounded, -1f, 1f)).Message, "finite bounds");
        var box = BoxActions([0f], [1f]);
        StringAssert.Contains(Assert.Throws<ArgumentException>(() => new RescaleAction(box, 1f, 1f)).Message, "[1, 1]");
        StringAssert.Contains(Assert.Throws<ArgumentException>(() => new RescaleAction(box, [0f, 0f], [1f, 1f])).Message, "2 lower");
    }
}
