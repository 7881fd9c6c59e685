using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Custom;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Tests.Environments.Custom;

[TestClass]
public sealed class IntegrationTaskTests
{
    private const int Episodes = 2000;

    // Five binomial standard deviations of a fair coin over 2,000 trials: √(2000·¼) ≈ 22.4, so 1000 ± 112.
    private const int ChanceLow = 888, ChanceHigh = 1112;

    [TestMethod]
    public void SpacesAreABoxOfEvidenceTrialInputAndGoCueAndTwoActions()
    {
        var env = new IntegrationTask();
        var box = Assert.IsInstanceOfType<BoxSpace>(env.ObservationSpace);
        CollectionAssert.AreEqual(new[] { float.NegativeInfinity, 0f, 0f }, box.Low.ToArray());
        CollectionAssert.AreEqual(new[] { float.PositiveInfinity, 1f, 1f }, box.High.ToArray());
        Assert.AreEqual("Discrete(2)", env.ActionSpace.ToString());
        Assert.AreEqual(21, env.EpisodeLength);
    }

    [TestMethod]
    public void TheCheckerPasses()
    {
        foreach (var options in new[] { new IntegrationTask.Options(), new IntegrationTask.Options { StimulusSteps = 1, DelaySteps = 0, Signal = -2, Noise = 0 } })
        {
            var report = EnvChecker.Check(new IntegrationTask(options), seed: 4, steps: 500);
            Assert.IsTrue(report.Passed, report.ToString());
            Assert.IsTrue(report.RendersFrames);
        }
    }

    [TestMethod]
    public void SameSeedGivesTheSameEpisodesAndAnotherSeedOtherEvidence()
    {
        var a = new IntegrationTask();
        var b = new IntegrationTask();
        var actionsA = new SplitMix64(9);
        var actionsB = new SplitMix64(9);
        a.Reset(seed: 42);
        b.Reset(seed: 42);
        var traceA = EnvStateReplay.Run(a, ref actionsA, 200);
        var traceB = EnvStateReplay.Run(b, ref actionsB, 200);
        Assert.IsGreaterThan(5, traceA.EpisodeEnds);
        EnvStateReplay.AssertSame(traceA, traceB, "same seed");
        CollectionAssert.AreNotEqual(new IntegrationTask().Reset(seed: 42), new IntegrationTask().Reset(seed: 43));
    }

    [TestMethod]
    public void ObservationsFollowTheStimulusDelayGoLayoutAndTheGoActionEndsTheEpisode()
    {
        // Without noise every evidence is s·μ exactly, an independent check of the layout and the values.
        var env = new IntegrationTask(new IntegrationTask.Options { StimulusSteps = 3, DelaySteps = 2, Signal = 0.5, Noise = 0 });
        foreach (var seed in Enumerable.Range(0, 8))
        {
            var observation = env.Reset(seed);
            var s = (float)env.HiddenSign;
            float[][] expected =
            [
                [0.5f * s, 1, 0], [0.5f * s, 1, 0], [0.5f * s, 1, 0],   // stimulus
                [0, 1, 0], [0, 1, 0],                                   // delay
                [0, 1, 1],                                              // go
            ];
            for (var t = 0; t < expected.Length; t++)
            {
                CollectionAssert.AreEqual(expected[t], observation, $"Seed {seed}, observation {t}.");
                Assert.AreEqual(t, env.TrialStep);
                Assert.AreEqual(t == 5, env.IsGoStep);
                var step = env.Step(t % 2);
                observation = step.Observation;
                Assert.AreEqual(t == 5, step.Terminated, $"Seed {seed}, step {t + 1}.");
                Assert.IsFalse(step.Truncated);
                if (t < 5)
                    Assert.AreEqual(0.0, step.Reward, "Actions before the go observation earn nothing.");
            }
            CollectionAssert.AreEqual(new[] { 0f, 0f, 0f }, observation, "After the decision the trial is over.");
            Assert.AreEqual(6, env.EpisodeLength);
            Assert.ThrowsExactly<InvalidOperationException>(() => env.Step(0));
        }
    }

    [TestMethod]
    public void ActionsBeforeTheGoObservationChangeNothing()
    {
        var zeros = new IntegrationTask();
        var random = new IntegrationTask();
        var actions = new SplitMix64(3);
        for (var episode = 0; episode < 50; episode++)
        {
            CollectionAssert.AreEqual(zeros.Reset(seed: episode), random.Reset(seed: episode));
            for (var t = 0; t < 20; t++)
            {
                var a = zeros.Step(0);
                var b = random.Step(actions.NextInt(2));
                CollectionAssert.AreEqual(a.Observation, b.Observation);
                Assert.AreEqual((0.0, false), (b.Reward, b.Terminated || b.Truncated));
            }
            Assert.AreEqual(zeros.CorrectAction, random.CorrectAction);
        }
    }

    [TestMethod]
    public void AnOracleThatSumsTheEvidenceItSeesScoresExactlyOne_AndTheHiddenSignDoesNot()
    {
        var env = new IntegrationTask();
        env.Reset(seed: 1);
        int correct = 0, signAgrees = 0;
        for (var episode = 0; episode < Episodes; episode++)
        {
            var observation = env.Reset();
            var sum = 0.0;
            StepResult step;
            do
            {
                sum += observation[IntegrationTask.EvidenceIndex];
                var action = observation[IntegrationTask.GoCueIndex] == 1 ? (sum > 0 ? 1 : 0) : 0;
                if (observation[IntegrationTask.GoCueIndex] == 1)
                {
                    Assert.AreEqual(sum, env.EvidenceSum, "EvidenceSum is the sum of what was shown.");
                    Assert.AreEqual(action, env.CorrectAction);
                    signAgrees += (sum > 0) == (env.HiddenSign > 0) ? 1 : 0;
                }
                step = env.Step(action);
                observation = step.Observation;
            }
            while (!step.Terminated && !step.Truncated);
            correct += (int)step.Reward;
        }
        Assert.AreEqual(Episodes, correct, "Summing the observed evidence must be right on every trial.");
        // The sum has the hidden sign with probability Φ(μ√10/σ) = Φ(0.7906) = 0.7854; 4 standard deviations
        // of 2,000 trials are ±0.037. The reward judges the sum, so the rest still earned 1 above.
        Assert.AreEqual(0.7854, signAgrees / (double)Episodes, 0.037);
    }

    [TestMethod]
    public void AnEvidenceBlindPolicyScoresAboutOneHalf()
    {
        foreach (var constant in new[] { IntegrationTask.ChooseNegative, IntegrationTask.ChoosePositive })
        {
            var correct = Score(new IntegrationTask(), seed: 7 + constant, _ => constant);
            Assert.IsTrue(correct is >= ChanceLow and <= ChanceHigh, $"Always {constant} was right {correct} of {Episodes} times.");
        }
    }

    [TestMethod]
    public void APolicyThatSeesOnlyTheGoObservationCannotBeatChance()
    {
        // The go observation is the same on every trial, so anything computed from it alone is a constant answer.
        var env = new IntegrationTask();
        env.Reset(seed: 5);
        var goObservations = new HashSet<string>();
        for (var episode = 0; episode < 500; episode++)
        {
            var observation = env.Reset();
            while (observation[IntegrationTask.GoCueIndex] == 0)
                observation = env.Step(0).Observation;
            goObservations.Add(string.Join(",", observation));
            env.Step(0);
        }
        CollectionAssert.AreEqual(new[] { "0,1,1" }, goObservations.ToArray());

        Func<float[], int>[] goOnly = [o => o[0] >= 0 ? 1 : 0, o => o[0] > 0 ? 1 : 0, o => o[1] + o[2] > 1.5f ? 0 : 1];
        for (var i = 0; i < goOnly.Length; i++)
        {
            var correct = Score(new IntegrationTask(), seed: 20 + i, goOnly[i]);
            Assert.IsTrue(correct is >= ChanceLow and <= ChanceHigh, $"Go-only policy {i} was right {correct} of {Episodes} times.");
        }
    }

    [TestMethod]
    public void EvidenceHasMeanSignTimesSignalAndStandardDeviationNoise()
    {
        var env = new IntegrationTask(new IntegrationTask.Options { StimulusSteps = 10, DelaySteps = 0, Signal = 0.4, Noise = 0.5 });
        env.Reset(seed: 2);
        var aligned = new List<double>();
        var positive = 0;
        for (var episode = 0; episode < Episodes; episode++)
        {
            var observation = env.Reset();
            positive += env.HiddenSign > 0 ? 1 : 0;
            for (var t = 0; t < 10; t++)
            {
                aligned.Add(env.HiddenSign * observation[IntegrationTask.EvidenceIndex]);
                observation = env.Step(0).Observation;
            }
            env.Step(0);
        }
        var mean = aligned.Average();
        var variance = aligned.Sum(x => (x - mean) * (x - mean)) / (aligned.Count - 1);
        // 20,000 samples: the mean's standard error is 0.5/√20000 = 0.0035, the variance's 0.25·√(2/20000) = 0.0025.
        Assert.AreEqual(0.4, mean, 0.015);
        Assert.AreEqual(0.25, variance, 0.0125);
        Assert.IsTrue(positive is >= ChanceLow and <= ChanceHigh, $"The hidden sign was +1 in {positive} of {Episodes} trials.");
    }

    [TestMethod]
    public void AZeroSumIsJudgedByTheHiddenSign()
    {
        var env = new IntegrationTask(new IntegrationTask.Options { StimulusSteps = 2, DelaySteps = 1, Signal = 0, Noise = 0 });
        var signs = new HashSet<int>();
        for (var seed = 0; seed < 40; seed++)
        {
            env.Reset(seed);
            signs.Add(env.HiddenSign);
            Assert.AreEqual(0.0, env.EvidenceSum);
            Assert.AreEqual(env.HiddenSign > 0 ? IntegrationTask.ChoosePositive : IntegrationTask.ChooseNegative, env.CorrectAction);
            for (var t = 0; t < 3; t++)
                env.Step(0);
            Assert.AreEqual(env.HiddenSign > 0 ? 0.0 : 1.0, env.Step(0).Reward);
        }
        CollectionAssert.AreEquivalent(new[] { -1, 1 }, signs.ToArray());
    }

    [TestMethod]
    public void BadOptionsAreRejectedNamingTheOptionAndValue()
    {
        (IntegrationTask.Options Options, string Name, string Value)[] cases =
        [
            (new() { StimulusSteps = 0 }, "StimulusSteps", "0"),
            (new() { DelaySteps = -1 }, "DelaySteps", "-1"),
            (new() { Signal = double.NaN }, "Signal", "NaN"),
            (new() { Signal = double.PositiveInfinity }, "Signal", "Infinity"),
            (new() { Noise = -0.5 }, "Noise", "-0.5"),
            (new() { Noise = double.PositiveInfinity }, "Noise", "Infinity"),
            (new() { Noise = 1e38 }, "Noise", "1E+38"),
        ];
        foreach (var (options, name, value) in cases)
        {
            var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new IntegrationTask(options), name);
            Assert.AreEqual(name, error.ParamName);
            StringAssert.Contains(error.Message, $"option {name} is {value}");
        }
        Assert.AreEqual(2, new IntegrationTask(new IntegrationTask.Options { StimulusSteps = 1, DelaySteps = 0 }).EpisodeLength);
    }

    [TestMethod]
    public void RegisteredWithoutTimeLimitAndWithTheNinetyPercentThreshold()
    {
        Assert.AreEqual(new EnvSpec("Synaptic/Integration-v0", null, 0.9), EnvRegistry.Spec(IntegrationTask.EnvId));
        var made = Assert.IsInstanceOfType<IntegrationTask>(EnvRegistry.Make("Synaptic/Integration-v0"));
        Assert.AreEqual(21, made.EpisodeLength);
        var fromCatalog = new MLContext(seed: 0).Synaptic().Environments.IntegrationTask(new IntegrationTask.Options { StimulusSteps = 4, DelaySteps = 3 });
        Assert.AreEqual(8, Assert.IsInstanceOfType<IntegrationTask>(fromCatalog).EpisodeLength);
        Assert.AreEqual(0.9, fromCatalog.Spec!.RewardThreshold);
    }

    [TestMethod]
    public void SavedStateMidTrialContinuesBitForBit_AndAnotherTrialLengthIsRefused()
    {
        static IntegrationTask Make() => new(new IntegrationTask.Options { StimulusSteps = 5, DelaySteps = 3 });
        var original = Make();
        original.Reset(seed: 8);
        var actions = new SplitMix64(1);
        EnvStateReplay.Run(original, ref actions, 13);   // mid-trial: 13 = 9 + 4
        var state = EnvStateReplay.Save(original);
        var actionsAtSave = actions;
        var expected = EnvStateReplay.Run(original, ref actions, 200);

        var restored = Make();
        EnvStateReplay.Load(restored, state);
        Assert.AreEqual(4, restored.TrialStep);
        var actual = EnvStateReplay.Run(restored, ref actionsAtSave, 200);
        Assert.IsGreaterThan(10, expected.EpisodeEnds);
        EnvStateReplay.AssertSame(expected, actual, "IntegrationTask");
        Assert.AreEqual((original.EvidenceSum, original.HiddenSign, original.TrialStep), (restored.EvidenceSum, restored.HiddenSign, restored.TrialStep));

        var error = Assert.ThrowsExactly<InvalidDataException>(() => EnvStateReplay.Load(new IntegrationTask(), state));
        StringAssert.Contains(error.Message, "5 stimulus steps");
        StringAssert.Contains(error.Message, "10");
    }

    [TestMethod]
    public void RenderShowsTheEvidenceBarsTheGoCueAndTheDecision()
    {
        // 3 + 2 + 1 slots of 50 pixels from x = 10; centre line at y = 80, full bar height 60 at |μ| + 3σ = 0.5.
        var env = new IntegrationTask(new IntegrationTask.Options { StimulusSteps = 3, DelaySteps = 2, Signal = 0.5, Noise = 0 });
        env.Reset(seed: 0);
        var up = env.HiddenSign > 0;
        var frame = env.Render();
        Assert.AreEqual((320, 160), (frame.Width, frame.Height));
        var bar = GridWorldTests.Pixel(frame, 35, up ? 50 : 110);
        var other = GridWorldTests.Pixel(frame, 35, up ? 110 : 50);
        Assert.IsTrue(up ? bar.B > 180 && bar.R < 80 : bar.R > 180 && bar.B < 80, $"The first evidence bar is {bar}.");
        Assert.IsTrue(other.R > 200 && other.G > 200 && other.B > 200, $"The other side of the first slot is {other}, not background.");
        var second = GridWorldTests.Pixel(frame, 85, up ? 50 : 110);
        Assert.IsTrue(second.R > 200 && second.G > 200 && second.B > 200, $"The second evidence is not shown yet, but the slot is {second}.");
        StringAssert.StartsWith(env.RenderText(), "stimulus 1/3");

        for (var t = 0; t < 5; t++)
            env.Step(0);
        var cue = GridWorldTests.Pixel(env.Render(), 285, 30);
        Assert.IsTrue(cue.R > 200 && cue.G > 150 && cue.B < 100, $"The go slot is {cue}, not yellow.");
        StringAssert.StartsWith(env.RenderText(), "go:");

        env.Step(env.CorrectAction);
        var decided = env.Render();
        var verdict = GridWorldTests.Pixel(decided, 285, 30);
        Assert.IsTrue(verdict.G > 150 && verdict.R < 100, $"A correct decision's slot is {verdict}, not green.");
        var mark = GridWorldTests.Pixel(decided, 285, up ? 57 : 102);
        Assert.IsTrue(mark.R > 240 && mark.G > 240 && mark.B > 240, $"The chosen side's mark is {mark}, not white.");
        StringAssert.EndsWith(env.RenderText(), "correct");
    }

    private static int Score(IntegrationTask env, int seed, Func<float[], int> goPolicy)
    {
        env.Reset(seed: seed);
        var correct = 0;
        for (var episode = 0; episode < Episodes; episode++)
        {
            var observation = env.Reset();
            StepResult step;
            do
            {
                // Before the go cue the action is irrelevant; the policy sees only the go observation.
                step = env.Step(observation[IntegrationTask.GoCueIndex] == 1 ? goPolicy(observation) : 0);
                observation = step.Observation;
            }
            while (!step.Terminated && !step.Truncated);
            correct += (int)step.Reward;
        }
        return correct;
    }
}
