using Synaptic.ML.Environments.ToyText;

namespace Synaptic.ML.Tests.Environments.ToyText;

/// <summary>CliffWalking-v1: the cliff sends the player back, the goal terminates, Gymnasium's text, frames.</summary>
[TestClass]
public sealed class CliffWalkingTests
{
    [TestMethod]
    public void SteppingIntoTheCliffCostsAHundredAndReturnsToTheStart()
    {
        var env = new CliffWalking();
        env.Reset(seed: 0);
        Assert.AreEqual(36, env.State);
        var result = env.Step(1);
        Assert.AreEqual(-100.0, result.Reward);
        Assert.IsFalse(result.Terminated);
        Assert.AreEqual(36, (int)result.Observation[0]);
        Assert.AreEqual(1.0, result.Info["prob"]);
    }

    [TestMethod]
    public void TheSafePathAlongTheTopReachesTheGoalInSeventeenSteps()
    {
        var env = new CliffWalking();
        env.Reset(seed: 0);
        int[] actions = [0, .. Enumerable.Repeat(1, 11), 2];
        var total = 0.0;
        for (var i = 0; i < actions.Length; i++)
        {
            var result = env.Step(actions[i]);
            total += result.Reward;
            Assert.AreEqual(i == actions.Length - 1, result.Terminated);
        }
        Assert.AreEqual(-13.0, total, "Up, 11 times right, down: 13 steps of -1 on the optimal path.");
        Assert.AreEqual(CliffWalking.GoalState, env.State);
    }

    [TestMethod]
    public void SlipperyVariantSplitsEachMoveIntoThirds()
    {
        var env = new CliffWalking(isSlippery: true);
        Assert.AreEqual("CliffWalkingSlippery-v1", env.Id);
        var up = env.TransitionTable[25][0];
        // Up from [2, 1] slips left to [2, 0], goes up to [1, 1] or slips right to [2, 2].
        CollectionAssert.AreEqual(
            new[] { new Transition(1.0 / 3, 24, -1, false), new Transition(1.0 / 3, 13, -1, false), new Transition(1.0 / 3, 26, -1, false) },
            up.ToArray());
    }

    [TestMethod]
    public void RenderTextIsGymnasiumsAnsiText()
    {
        var env = new CliffWalking();
        env.Reset(seed: 0);
        Assert.AreEqual(
            "o  o  o  o  o  o  o  o  o  o  o  o\no  o  o  o  o  o  o  o  o  o  o  o\no  o  o  o  o  o  o  o  o  o  o  o\nx  C  C  C  C  C  C  C  C  C  C  T\n\n",
            env.RenderText());
        env.State = 13;
        Assert.AreEqual(
            "o  o  o  o  o  o  o  o  o  o  o  o\no  x  o  o  o  o  o  o  o  o  o  o\no  o  o  o  o  o  o  o  o  o  o  o\no  C  C  C  C  C  C  C  C  C  C  T\n\n",
            env.RenderText());
    }

    [TestMethod]
    public void RenderDrawsSixtyPixelCellsAndFollowsThePlayer()
    {
        var env = new CliffWalking();
        env.Reset(seed: 0);
        var start = env.Render();
        Assert.AreEqual((720, 240), (start.Width, start.Height));
        env.Step(0);
        var moved = env.Render();
        CollectionAssert.AreNotEqual(start.Rgb, moved.Rgb);
        var (r, g, b) = TaxiTests.Pixel(moved, 30, 150);
        Assert.IsTrue(r > 180 && g < 90 && b < 90, $"player pixel at [2, 0] is ({r}, {g}, {b})");
    }
}
