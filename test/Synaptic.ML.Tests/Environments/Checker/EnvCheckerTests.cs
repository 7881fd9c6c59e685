using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Wrappers;

using Synaptic.ML.Tests.TestDoubles;

namespace Synaptic.ML.Tests.Environments.Checker;

[TestClass]
public sealed class EnvCheckerTests
{
    private static EnvCheckException Rejects(Env env)
    {
        var error = Assert.Throws<EnvCheckException>(() => EnvChecker.Check(env));
        Assert.IsFalse(error.Report.Passed);
        Assert.AreEqual(error.Problems.Count, error.Report.Problems.Count);
        return error;
    }

    [TestMethod]
    public void CorrectEnvironments_AreAccepted()
    {
        foreach (var env in new Env[] { new WalkEnv(), new WalkEnv { Renders = true }, new TimeLimit(new WalkEnv(), 10), new Wrappers.ScriptedEnv([[1f], [2f], [3f]]) })
        {
            var report = EnvChecker.Check(env);
            Assert.IsTrue(report.Passed, report.ToString());
            Assert.IsEmpty(report.Problems);
            Assert.IsGreaterThan(1000, report.StepsTaken);
        }
        Assert.IsTrue(EnvChecker.Check(new WalkEnv { Renders = true }).RendersFrames);
        Assert.IsFalse(EnvChecker.Check(new WalkEnv()).RendersFrames);
    }

    [TestMethod]
    public void ObservationOutsideItsSpace_IsRejectedNamingElementAndValue()
    {
        var error = Rejects(new WalkEnv { LeavesSpace = true });
        StringAssert.Contains(error.Message, "Walk-v0 failed");
        StringAssert.Contains(error.Message, "The observation returned by step 3 after Reset(seed: 0) of Walk-v0 is outside Box(-1, 1, (2,)): element 0 is 2, not in [-1, 1].");
    }

    [TestMethod]
    public void NonDeterministicResetUnderASeed_IsRejected()
    {
        var error = Rejects(new WalkEnv { UnseededReset = true });
        StringAssert.Contains(error.Message, "Reset(seed: 0) is not deterministic");
        StringAssert.Contains(error.Message, "Random generator that Reset seeds");
    }

    [TestMethod]
    public void NonDeterministicSteps_AreRejected()
    {
        var error = Rejects(new WalkEnv { UnseededStep = true });
        StringAssert.Contains(error.Message, "Stepping is not deterministic");
        StringAssert.Contains(error.Message, "step 1 gave observations");
        Assert.IsFalse(error.Message.Contains("Reset(seed: 0) is not deterministic"), "the resets themselves are deterministic");
    }

    [TestMethod]
    public void NaNReward_IsRejected()
    {
        var error = Rejects(new WalkEnv { NaNReward = true });
        StringAssert.Contains(error.Message, "Step returned the reward NaN at step 2 after Reset(seed: 0); rewards must be finite numbers.");
    }

    [TestMethod]
    public void UnwrittenObservationElement_IsRejectedWithAHint()
    {
        var error = Rejects(new WalkEnv { ForgetsElement = true });
        StringAssert.Contains(error.Message, "element 1 is NaN");
        StringAssert.Contains(error.Message, "an element that OnReset did not write");
    }

    [TestMethod]
    public void ExceptionsFromStepAndRender_AreReportedNotThrown()
    {
        var step = EnvChecker.Inspect(new WalkEnv { ThrowsOnStep = true });
        Assert.IsFalse(step.Passed);
        StringAssert.Contains(step.Problems[0], "Step threw InvalidCastException at step 4 after Reset(seed: 0)");
        StringAssert.Contains(step.Problems[0], "the motor is jammed");

        var render = EnvChecker.Inspect(new WalkEnv { RenderCrashes = true });
        CollectionAssert.AreEqual(
            new[] { "Render threw IndexOutOfRangeException: the canvas is not initialised (throw NotSupportedException if the environment does not render)." },
            render.Problems.ToArray());
    }

    [TestMethod]
    public void StateCarriedAcrossResets_CountsAsNonDeterministicReset()
    {
        // CountdownEnv reports how many episodes it has run, so a reset under the same seed differs.
        var error = Rejects(new Vector.CountdownEnv(5));
        StringAssert.Contains(error.Message, "Reset(seed: 0) is not deterministic: it returned [1, 0, ");
    }

    [TestMethod]
    public void SeveralProblems_AreAllListed()
    {
        var error = Rejects(new WalkEnv { LeavesSpace = true, NaNReward = true });
        Assert.HasCount(2, error.Problems);
        StringAssert.Contains(error.Message, "failed 2 environment check(s)");
        StringAssert.Contains(error.Message, "reward NaN");
        StringAssert.Contains(error.Message, "element 0 is 2");
    }

    [TestMethod]
    public void BrokenSpaces_AreRejected()
    {
        var sampling = Rejects(new SloppyActionsEnv());
        StringAssert.Contains(sampling.Message, "The action space Sloppy(3) sampled [");
        StringAssert.Contains(sampling.Message, "which it does not contain");

        var missing = Rejects(new NoSpaceEnv());
        StringAssert.Contains(missing.Message, "ObservationSpace is null");
    }

    [TestMethod]
    public void GymnasiumsSpaceWarnings_AreReportedWithoutFailing()
    {
        var report = EnvChecker.Check(new ScriptedEnvWithWideActions());
        Assert.IsTrue(report.Passed, report.ToString());
        Assert.IsTrue(report.Warnings.Any(w => w.Contains("symmetric and normalised")), report.ToString());
        Assert.IsTrue(report.Warnings.Any(w => w.Contains("No episode ended")), report.ToString());

        var wrapped = EnvChecker.Check(new TimeLimit(new WalkEnv(), 10));
        Assert.IsTrue(wrapped.Warnings.Any(w => w.Contains("is wrapped (TimeLimit)")), wrapped.ToString());
    }

    private sealed class ScriptedEnvWithWideActions() : Env("WideActions-v0")
    {
        public override Space ObservationSpace { get; } = new DiscreteSpace(1);

        public override Space ActionSpace { get; } = new BoxSpace(0f, 10f, 2);

        protected override void OnReset(Span<float> observation, int? seed) => observation[0] = 0;

        protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
        {
            observation[0] = 0;
            return new StepOutcome(action[0], false, false);
        }
    }
}
