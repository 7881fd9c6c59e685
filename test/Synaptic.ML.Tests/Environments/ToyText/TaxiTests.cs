using Synaptic.ML.Environments;
using Synaptic.ML.Environments.ToyText;

namespace Synaptic.ML.Tests.Environments.ToyText;

/// <summary>Taxi-v3: state encoding, Gymnasium's action mask and info entries, a delivery episode, text and frames.</summary>
[TestClass]
public sealed class TaxiTests
{
    [TestMethod]
    public void EncodeFollowsGymnasiumsFormulaAndDecodeInvertsIt()
    {
        var seen = new HashSet<int>();
        for (var row = 0; row < 5; row++)
            for (var col = 0; col < 5; col++)
                for (var passenger = 0; passenger < 5; passenger++)
                    for (var destination = 0; destination < 4; destination++)
                    {
                        var state = Taxi.Encode(row, col, passenger, destination);
                        Assert.AreEqual(((row * 5 + col) * 5 + passenger) * 4 + destination, state);
                        Assert.AreEqual((row, col, passenger, destination), Taxi.Decode(state));
                        seen.Add(state);
                    }
        Assert.HasCount(500, seen);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Taxi.Encode(5, 0, 0, 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Taxi.Decode(500));
    }

    [TestMethod]
    public void ActionMaskMarksExactlyTheActionsThatChangeTheState()
    {
        // Gymnasium documents action_mask as "if actions will cause a transition to a new state".
        var env = new Taxi();
        for (var s = 0; s < Taxi.States; s++)
        {
            var mask = Taxi.ActionMask(s);
            Assert.HasCount(Taxi.Actions, mask);
            for (var a = 0; a < Taxi.Actions; a++)
                Assert.AreEqual(env.TransitionTable[s][a][0].NextState != s ? (byte)1 : (byte)0, mask[a], $"state {s} action {a}");
        }
    }

    [TestMethod]
    public void InfoHoldsProbAndActionMaskAfterResetAndStep()
    {
        var env = new Taxi();
        env.Reset(seed: 7);
        Assert.AreEqual(1.0, env.Info["prob"]);
        Assert.AreSame(Taxi.ActionMask(env.State), env.Info["action_mask"]);
        var result = env.Step(0);
        Assert.AreEqual(1.0, result.Info["prob"]);
        CollectionAssert.AreEqual(Taxi.ActionMask((int)result.Observation[0]).ToArray(), ((IReadOnlyList<byte>)result.Info["action_mask"]).ToArray());
    }

    [TestMethod]
    public void ADeliveryEarnsTwentyAndTerminates()
    {
        var env = new Taxi();
        env.Reset(seed: 0);
        // Taxi at Yellow (4, 0) with the passenger there, going to Red (0, 0): pick up, drive north four times, drop off.
        env.State = Taxi.Encode(4, 0, 2, 0);
        var rewards = new List<double>();
        foreach (var action in new[] { 5, 4, 1, 1, 1, 1, 5 })
        {
            var result = env.Step(action);
            rewards.Add(result.Reward);
            Assert.AreEqual(action == 5 && rewards.Count > 1, result.Terminated);
        }
        CollectionAssert.AreEqual(new double[] { -10, -1, -1, -1, -1, -1, 20 }, rewards);
        Assert.AreEqual(Taxi.Encode(0, 0, 0, 0), env.State);
    }

    [TestMethod]
    public void WallsBlockEastWestMovesAsTheMapDraws()
    {
        var env = new Taxi();
        // (0, 1) has a wall to its east ("|R: | : :G|"); (0, 0) does not.
        Assert.AreEqual(Taxi.Encode(0, 1, 0, 1), env.TransitionTable[Taxi.Encode(0, 1, 0, 1)][2][0].NextState);
        Assert.AreEqual(Taxi.Encode(0, 1, 0, 1), env.TransitionTable[Taxi.Encode(0, 0, 0, 1)][2][0].NextState);
    }

    [TestMethod]
    public void RenderTextMarksTaxiPassengerAndDestination()
    {
        var env = new Taxi();
        env.Reset(seed: 0);
        env.State = Taxi.Encode(2, 1, 0, 1);
        Assert.AreEqual(
            "+---------+\n|r: | : :G|\n| : | : : |\n| :T: : : |\n| | : | : |\n|Y| : |B: |\n+---------+\n"
            + "  Passenger: R, destination: G\n\n",
            env.RenderText());
        env.Step(1);
        env.State = Taxi.Encode(4, 3, 4, 2);
        Assert.AreEqual(
            "+---------+\n|R: | : :G|\n| : | : : |\n| : : : : |\n| | : | : |\n|Y| : |@: |\n+---------+\n"
            + "  Passenger: in taxi, destination: Y\n  (North)\n",
            env.RenderText());
        Assert.DoesNotContain("\u001b", env.RenderText()!);
    }

    [TestMethod]
    public void RenderDrawsAGymnasiumSizedFrameThatFollowsTheTaxi()
    {
        var env = new Taxi();
        env.Reset(seed: 0);
        env.State = Taxi.Encode(2, 2, 0, 1);
        var before = env.Render();
        Assert.AreEqual(550, before.Width);
        Assert.AreEqual(350, before.Height);
        env.Step(0);
        var after = env.Render();
        Assert.AreEqual(Taxi.Encode(3, 2, 0, 1), env.State);
        CollectionAssert.AreNotEqual(before.Rgb, after.Rgb);
        // The empty taxi is drawn yellow at its cell: column 2·2+1, row 3+1 of 50-pixel cells.
        var (r, g, b) = Pixel(after, 5 * 50 + 25, 4 * 50 + 25);
        Assert.IsTrue(r > 200 && g > 150 && b < 80, $"taxi pixel is ({r}, {g}, {b})");
    }

    internal static (byte R, byte G, byte B) Pixel(Frame frame, int x, int y)
    {
        var i = (y * frame.Width + x) * 3;
        return (frame.Rgb[i], frame.Rgb[i + 1], frame.Rgb[i + 2]);
    }
}
