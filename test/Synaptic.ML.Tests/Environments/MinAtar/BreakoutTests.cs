using System.Text.Json;
using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.MinAtar;
using Synaptic.ML.Environments.Wrappers;
using Synaptic.ML.Randomness;
using Synaptic.ML.Tests.Reference;

namespace Synaptic.ML.Tests.Environments.MinAtar;

/// <summary>Breakout's registrations, action sets, sticky actions, seeding, saved states, input checks and rendering.</summary>
[TestClass]
public sealed class BreakoutTests
{
    private static SynapticEnvironmentsCatalog Catalog => new MLContext(seed: 0).Synaptic().Environments;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void RegistrationsAreMinAtarsIdsWithoutATimeLimit()
    {
        // minatar/gym.py registers MinAtar/Breakout-v0 (full set) and -v1 (minimal set), neither with max_episode_steps.
        Assert.AreEqual(new EnvSpec("MinAtar/Breakout-v0", null, null), EnvRegistry.Spec("MinAtar/Breakout-v0"));
        Assert.AreEqual(new EnvSpec("MinAtar/Breakout-v1", null, null), EnvRegistry.Spec("MinAtar/Breakout-v1"));

        var full = Assert.IsInstanceOfType<Breakout>(EnvRegistry.Make("MinAtar/Breakout-v0"));
        Assert.AreEqual("Discrete(6)", full.ActionSpace.ToString());
        Assert.AreEqual(0.1, full.StickyActionProbability);
        var minimal = Assert.IsInstanceOfType<Breakout>(EnvRegistry.Make("MinAtar/Breakout-v1"));
        Assert.AreEqual("Discrete(3)", minimal.ActionSpace.ToString());
        Assert.IsTrue(minimal.MinimalActions);
        CollectionAssert.AreEqual(new[] { 4, 10, 10 }, ((BoxSpace)full.ObservationSpace).Shape);
    }

    [TestMethod]
    public void CatalogBuildsTheRegisteredIdsWithOptions()
    {
        var made = Assert.IsInstanceOfType<Breakout>(Catalog.MinAtarBreakout(minimalActions: true, stickyActionProbability: 0.25));
        Assert.AreEqual(Breakout.MinimalActionsId, made.Id);
        Assert.AreEqual(EnvRegistry.Spec(Breakout.MinimalActionsId), made.Spec);
        Assert.AreEqual(0.25, made.StickyActionProbability);
        var limited = Assert.IsInstanceOfType<TimeLimit>(Catalog.MinAtarBreakout(maxEpisodeSteps: 1000));
        Assert.AreEqual(1000, limited.MaxEpisodeSteps);
        Assert.AreEqual(Breakout.FullActionsId, limited.Unwrapped.Id);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Catalog.MinAtarBreakout(maxEpisodeSteps: 0));
    }

    [TestMethod]
    public void ActionSetsAreMinAtars()
    {
        // The reference names MinAtar's full set and the minimal one as full-set indices.
        using var document = JsonDocument.Parse(File.ReadAllBytes(ReferenceData.Files("minatar", "Breakout.json").First()));
        var sets = document.RootElement.GetProperty("action_set");
        var fullNames = sets.GetProperty("full").EnumerateArray().Select(a => a.GetString()).ToArray();
        var minimal = sets.GetProperty("minimal").EnumerateArray().Select(a => (MinAtarAction)a.GetInt32()).ToArray();

        CollectionAssert.AreEqual(new[] { "n", "l", "u", "r", "d", "f" }, fullNames);
        CollectionAssert.AreEqual(Enum.GetValues<MinAtarAction>(), new Breakout().ActionSet.ToArray());
        CollectionAssert.AreEqual(minimal, new Breakout(minimalActions: true).ActionSet.ToArray());
    }

    [TestMethod]
    public void MinimalActionsMoveThePaddleLikeTheirFullSetActions()
    {
        var env = new Breakout(minimalActions: true, stickyActionProbability: 0);
        env.Reset(seed: 1);
        Assert.AreEqual(4, env.State.Paddle);
        env.Step(1);
        Assert.AreEqual((MinAtarAction.Left, 3), (env.LastAction, env.State.Paddle));
        env.Step(2);
        Assert.AreEqual((MinAtarAction.Right, 4), (env.LastAction, env.State.Paddle));
        env.Step(0);
        Assert.AreEqual((MinAtarAction.NoOp, 4), (env.LastAction, env.State.Paddle));

        // The full set's up, down and fire leave the paddle where it is.
        var full = new Breakout(stickyActionProbability: 0);
        full.Reset(seed: 1);
        foreach (var action in new[] { MinAtarAction.Up, MinAtarAction.Down, MinAtarAction.Fire })
        {
            full.Step((int)action);
            Assert.AreEqual(4, full.State.Paddle, action.ToString());
        }
    }

    [TestMethod]
    [DataRow(0.1)]
    [DataRow(0.5)]
    public void StickyActionsRepeatThePreviousActionWithTheirProbability(double probability)
    {
        const int steps = 20_000;
        var repeats = CountRepeats(probability, steps, seed: 11);
        // A binomial count: the observed rate is within 4.5 standard deviations of p
        // (a chance of about 7e-6 of failing for a correct implementation; the seed fixes it anyway).
        var rate = (double)repeats / steps;
        var tolerance = 4.5 * Math.Sqrt(probability * (1 - probability) / steps);
        Assert.AreEqual(probability, rate, tolerance, $"sticky rate at p = {probability}");
        TestContext.WriteLine($"p = {probability}: {repeats} of {steps} steps repeated the previous action (rate {rate:F4}, tolerance ±{tolerance:F4}).");
    }

    [TestMethod]
    public void WithoutStickinessTheGivenActionIsAlwaysApplied() => Assert.AreEqual(0, CountRepeats(0, 5000, seed: 3));

    [TestMethod]
    public void WithStickinessOneTheFirstActionOfAnEpisodeIsNoOpForever()
    {
        var env = new Breakout(minimalActions: true, stickyActionProbability: 1);
        env.Reset(seed: 0);
        env.Step(1);
        env.Step(2);
        Assert.AreEqual((MinAtarAction.NoOp, 4), (env.LastAction, env.State.Paddle));
    }

    [TestMethod]
    public void TheSameSeedGivesTheSameRunAndSeedsPickBothStartSides()
    {
        static EnvStateReplay.Trace Run(int seed)
        {
            var env = new Breakout();
            env.Reset(seed: seed);
            var actions = new SplitMix64(5);
            return EnvStateReplay.Run(env, ref actions, 600);
        }

        var first = Run(7);
        Assert.IsGreaterThan(3, first.EpisodeEnds);
        EnvStateReplay.AssertSame(first, Run(7), "seed 7 twice");
        Assert.AreNotEqual(string.Join("\n", first.Lines), string.Join("\n", Run(8).Lines), "seeds 7 and 8 should play differently");

        var sides = Enumerable.Range(0, 32).Select(seed =>
        {
            var env = new Breakout();
            env.Reset(seed: seed);
            return env.State;
        }).ToArray();
        CollectionAssert.AreEquivalent(new[] { BreakoutState.Start(false), BreakoutState.Start(true) }, sides.Distinct().ToArray());
    }

    [TestMethod]
    [DataRow(0.1, 0)]
    [DataRow(0.0, 1)]
    public void TheUniformRandomPolicysMeanReturnMatchesMinAtars(double stickiness, int referenceIndex)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(ReferenceData.Files("minatar", "Breakout.json").First()));
        var reference = document.RootElement.GetProperty("random_policy_return")[referenceIndex];
        Assert.AreEqual(stickiness, reference.GetProperty("sticky_action_prob").GetDouble());
        var episodes = reference.GetProperty("episodes").GetInt32();

        var env = new Breakout(stickyActionProbability: stickiness);
        var observation = new float[env.ObservationSpace.Size];
        var action = new float[1];
        var policy = new SplitMix64(2024);
        var returns = new double[episodes];
        env.Reset(observation, seed: 2024);
        for (var e = 0; e < episodes; e++)
        {
            if (e > 0)
                env.Reset(observation);
            StepOutcome outcome;
            do
            {
                env.ActionSpace.Sample(action, ref policy);
                outcome = env.Step(action, observation);
                returns[e] += outcome.Reward;
            }
            while (!outcome.Done);
        }

        var mean = returns.Average();
        var standardError = Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / (episodes - 1) / episodes);
        // Two independent estimates of one mean: their difference has standard error
        // sqrt(se_MinAtar² + se_ours²); allow 4 of them.
        var referenceError = reference.GetProperty("stderr").GetDouble();
        var tolerance = 4 * Math.Sqrt(referenceError * referenceError + standardError * standardError);
        Assert.AreEqual(reference.GetProperty("mean").GetDouble(), mean, tolerance, $"sticky {stickiness}");
        TestContext.WriteLine($"sticky {stickiness}: mean return {mean:F3} ± {standardError:F3} over {episodes} episodes; MinAtar {reference.GetProperty("mean").GetDouble():F3} ± {referenceError:F3}; tolerance ±{tolerance:F3}.");
    }

    [TestMethod]
    public void ASavedStateResumesExactlyIncludingTheStickyAction()
    {
        var original = new Breakout(stickyActionProbability: 0.3);
        original.Reset(seed: 4);
        var warmUp = new SplitMix64(9);
        EnvStateReplay.Run(original, ref warmUp, 37);
        var state = EnvStateReplay.Save(original);
        var actions = new SplitMix64(10);
        var actionsAtSave = actions;
        var lastAction = original.LastAction;
        var expected = EnvStateReplay.Run(original, ref actions, 800);

        var restored = new Breakout(stickyActionProbability: 0.3);
        EnvStateReplay.Load(restored, state);
        Assert.AreEqual(lastAction, restored.LastAction);
        var actual = EnvStateReplay.Run(restored, ref actionsAtSave, 800);

        Assert.IsGreaterThan(0, expected.EpisodeEnds);
        EnvStateReplay.AssertSame(expected, actual, "Breakout");
        Assert.AreEqual(original.State, restored.State);
    }

    [TestMethod]
    public void ActionsOutsideTheSpaceAreRefusedNamingTheEnvironment()
    {
        var full = new Breakout();
        full.Reset(seed: 0);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => full.Step(6)).Message, "MinAtar/Breakout-v0");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => full.Step(-1));
        var minimal = new Breakout(minimalActions: true);
        minimal.Reset(seed: 0);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => minimal.Step(3)).Message, "MinAtar/Breakout-v1");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => minimal.Step([1.5f]));
    }

    [TestMethod]
    [DataRow(-0.01)]
    [DataRow(1.01)]
    [DataRow(double.NaN)]
    public void StickyProbabilitiesOutsideZeroToOneAreRefused(double probability)
    {
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Breakout(stickyActionProbability: probability));
        Assert.AreEqual("stickyActionProbability", error.ParamName);
        StringAssert.Contains(error.Message, "[0, 1]");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Catalog.MinAtarBreakout(stickyActionProbability: probability));
    }

    [TestMethod]
    public void StatesOffTheScreenAreRefusedNamingThePart()
    {
        var env = new Breakout();
        env.Reset(seed: 0);
        var start = env.State;
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => env.State = start with { BallX = 10 }).Message, "ball");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => env.State = start with { Paddle = -1 }).Message, "paddle");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => env.State = start with { BallDirection = (BreakoutBallDirection)4 }).Message, "direction");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => env.State = start with { Bricks = UInt128.One << 100 }).Message, "brick");
        Assert.AreEqual(start, env.State, "a refused state changes nothing");
    }

    [TestMethod]
    public void TheCheckerAcceptsBothActionSets()
    {
        foreach (var env in new[] { new Breakout(), new Breakout(minimalActions: true), new Breakout(stickyActionProbability: 0) })
        {
            var report = EnvChecker.Check(env, seed: 1, steps: 3000);
            Assert.IsTrue(report.RendersFrames, env.Id);
            Assert.IsEmpty(report.Problems, env.Id);
        }
    }

    [TestMethod]
    public void TheObservationIsChannelFirstAndTheFrameShowsTheSameCells()
    {
        var env = new Breakout(stickyActionProbability: 0);
        env.Reset(seed: 0);
        env.State = BreakoutState.Start(fromRight: true) with { BallX = 6, BallY = 5, LastX = 7, LastY = 4, Paddle = 2, Bricks = BreakoutState.BrickBit(8, 1) };
        var observation = new float[400];
        env.WriteObservation(observation);

        int[] ones = [0 * 100 + 9 * 10 + 2, 1 * 100 + 5 * 10 + 6, 2 * 100 + 4 * 10 + 7, 3 * 100 + 1 * 10 + 8];
        CollectionAssert.AreEqual(ones, Enumerable.Range(0, 400).Where(i => observation[i] == 1f).ToArray());
        Assert.AreEqual(396, observation.Count(v => v == 0f));

        var frame = env.Render();
        Assert.AreEqual((160, 160), (frame.Width, frame.Height));
        var paddle = Pixel(frame, 2, 9);
        var ball = Pixel(frame, 6, 5);
        var trail = Pixel(frame, 7, 4);
        var brick = Pixel(frame, 8, 1);
        var empty = Pixel(frame, 0, 0);
        Assert.AreEqual((0, 0, 0), empty);
        Assert.AreEqual(5, new[] { paddle, ball, trail, brick, empty }.Distinct().Count(), "each channel has its own colour");
        var backgroundPixels = Enumerable.Range(0, 160 * 160).Count(p => frame.Rgb[3 * p] == 0 && frame.Rgb[3 * p + 1] == 0 && frame.Rgb[3 * p + 2] == 0);
        Assert.AreEqual(160 * 160 - 4 * 16 * 16, backgroundPixels, "four 16x16 cells are coloured, nothing else");
    }

    private static (int R, int G, int B) Pixel(Frame frame, int x, int y)
    {
        var p = ((y * 16 + 8) * frame.Width + x * 16 + 8) * 3;
        return (frame.Rgb[p], frame.Rgb[p + 1], frame.Rgb[p + 2]);
    }

    // Asks each step for a minimal-set action other than the one applied last, and counts the steps
    // that applied the previous action instead; the paddle's move confirms which action was applied.
    private static int CountRepeats(double probability, int steps, int seed)
    {
        var env = new Breakout(minimalActions: true, stickyActionProbability: probability);
        env.Reset(seed: seed);
        var choice = new SplitMix64((ulong)seed);
        var repeats = 0;
        for (var t = 0; t < steps; t++)
        {
            if (env.NeedsReset)
                env.Reset();
            var previous = env.LastAction;
            var others = env.ActionSet.Where(a => a != previous).ToArray();
            var asked = others[choice.NextInt(others.Length)];
            var paddle = env.State.Paddle;
            env.Step(env.ActionSet.ToList().IndexOf(asked));

            var applied = env.LastAction;
            Assert.IsTrue(applied == asked || applied == previous, $"step {t} applied {applied}; asked {asked}, previous {previous}");
            var move = applied switch { MinAtarAction.Left => -1, MinAtarAction.Right => 1, _ => 0 };
            Assert.AreEqual(Math.Clamp(paddle + move, 0, 9), env.State.Paddle, $"step {t}: the paddle did not follow {applied}");
            if (applied != asked)
                repeats++;
        }
        return repeats;
    }
}
