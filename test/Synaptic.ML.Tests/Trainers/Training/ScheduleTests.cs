using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Training;

[TestClass]
public sealed class ScheduleTests
{
    private const double Tolerance = 1e-12;

    [TestMethod]
    public void ConstantKeepsTheInitialValueEverywhere()
    {
        foreach (var point in new[] { new SchedulePoint(0), new SchedulePoint(0.5, 7), new SchedulePoint(1, 100, 3, 40) })
            Assert.AreEqual(0.3, Schedule.Constant.At(0.3, point));
    }

    [TestMethod]
    [DataRow(0.0, 2.0)]
    [DataRow(0.25, 1.5)]
    [DataRow(0.5, 1.0)]
    [DataRow(1.0, 0.0)]
    [DataRow(1.5, 0.0)]
    public void LinearFallsToZeroAtTheEndOfTheBudget(double progress, double expected) =>
        Assert.AreEqual(expected, Schedule.Linear.At(2.0, progress), Tolerance);

    [TestMethod]
    public void LinearEqualsTheFormulaOfTheFormerEnumBitForBit()
    {
        // The on-policy trainers' learning-rate and clip-range decay before schedules were types.
        static double Former(double initial, double progress) => initial * Math.Max(0.0, 1.0 - progress);

        var random = new Random(12345);
        for (var i = 0; i < 10_000; i++)
        {
            var initial = random.NextDouble() * Math.Pow(10, random.Next(-6, 2));
            var steps = random.Next(1, 1_000_000);
            var progress = (double)random.Next(0, steps + 1) / steps;
            Assert.AreEqual(BitConverter.DoubleToInt64Bits(Former(initial, progress)), BitConverter.DoubleToInt64Bits(Schedule.Linear.At(initial, progress)),
                $"initial {initial:R}, progress {progress:R}");
            Assert.AreEqual(BitConverter.DoubleToInt64Bits(Former(initial, progress)),
                BitConverter.DoubleToInt64Bits(Schedule.Linear.At(initial, new SchedulePoint(progress, i, 2, i / 2))));
        }
    }

    [TestMethod]
    [DataRow(0.0, 0.0)]       // warm-up starts at 0
    [DataRow(0.05, 1.0)]      // half-way through the warm-up: half of 2
    [DataRow(0.1, 2.0)]       // end of warm-up: the initial value, cos 0 = 1
    [DataRow(0.4, 1.525)]     // a third of the decay: cos(π/3) = 1/2, 2·(0.05 + 0.95·0.75)
    [DataRow(0.55, 1.05)]     // half of the decay: cos(π/2) = 0, 2·(0.05 + 0.95·0.5)
    [DataRow(1.0, 0.1)]       // the floor, 5% of 2
    [DataRow(1.5, 0.1)]       // past the budget, still the floor
    [DataRow(-0.5, 0.0)]      // before the start, still the start
    public void WarmupCosineRisesLinearlyThenFollowsAHalfCosineToTheFloor(double progress, double expected) =>
        Assert.AreEqual(expected, Schedule.WarmupCosine(0.1, 0.05).At(2.0, progress), Tolerance);

    [TestMethod]
    public void WarmupCosineWithoutWarmupStartsAtTheInitialValue()
    {
        var schedule = new WarmupCosineSchedule(0, 0);
        Assert.AreEqual(3.0, schedule.At(3.0, 0), Tolerance);
        Assert.AreEqual(1.5, schedule.At(3.0, 0.5), Tolerance);
        Assert.AreEqual(0.75, schedule.At(3.0, 2.0 / 3), Tolerance);  // (1 + cos(2π/3))/2 = 1/4
        Assert.AreEqual(0.0, schedule.At(3.0, 1), Tolerance);
    }

    [TestMethod]
    public void WarmupCosineIgnoresStepsAndPhases() =>
        Assert.AreEqual(Schedule.WarmupCosine(0.2, 0.1).At(1.0, 0.6), Schedule.WarmupCosine(0.2, 0.1).At(1.0, new SchedulePoint(0.6, 99, 4, 12)));

    [TestMethod]
    [DataRow(0L, 8.0)]
    [DataRow(1L, 4.0)]
    [DataRow(2L, 2.0)]
    [DataRow(3L, 1.0)]
    [DataRow(4L, 0.8)]    // 8·0.5⁴ = 0.5 is below the floor 10%·8
    [DataRow(50L, 0.8)]
    public void ExponentialPerPhaseDecaysGeometricallyDownToTheFloor(long stepsInPhase, double expected) =>
        Assert.AreEqual(expected, Schedule.ExponentialPerPhase(0.5, 0.1).At(8.0, new SchedulePoint(0.3, 100 + stepsInPhase, 1, stepsInPhase)), Tolerance);

    [TestMethod]
    public void ExponentialPerPhaseWithoutFloorKeepsDecaying()
    {
        Assert.AreEqual(0.9 * 0.9 * 0.9, Schedule.ExponentialPerPhase(0.9).At(1.0, new SchedulePoint(0, 3, 0, 3)), Tolerance);
        Assert.AreEqual(2.6561398887587544e-05, Schedule.ExponentialPerPhase(0.9).At(1.0, new SchedulePoint(0, 100, 0, 100)), 1e-18);
    }

    [TestMethod]
    public void ExponentialPerPhaseStartsOverWhenAPhaseChanges()
    {
        // Phase 0 lasts 3 steps, phase 1 begins at step 3: the count within the phase starts again.
        var schedule = Schedule.ExponentialPerPhase(0.5);
        var phases = new[] { 0, 0, 0, 1, 1, 1 };
        var stepsInPhase = new long[] { 0, 1, 2, 0, 1, 2 };
        var values = Enumerable.Range(0, 6).Select(s => schedule.At(4.0, new SchedulePoint(s / 6.0, s, phases[s], stepsInPhase[s]))).ToArray();
        CollectionAssert.AreEqual(new[] { 4.0, 2.0, 1.0, 4.0, 2.0, 1.0 }, values);
    }

    [TestMethod]
    public void ExponentialPerPhaseRejectsNegativeStepsInPhase()
    {
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Schedule.ExponentialPerPhase(0.5).At(1.0, new SchedulePoint(0, 0, 0, -1)));
        Assert.AreEqual("point", ex.ParamName);
        StringAssert.Contains(ex.Message, "-1 steps in its phase");
    }

    [TestMethod]
    public void WarmupCosineRejectsNaNProgress()
    {
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Schedule.WarmupCosine(0.1, 0).At(1.0, double.NaN));
        StringAssert.Contains(ex.Message, "progress is NaN");
    }

    [TestMethod]
    [DataRow(-0.1, 0.0, "warmupFraction", "-0.1")]
    [DataRow(1.0, 0.0, "warmupFraction", "1")]
    [DataRow(double.NaN, 0.0, "warmupFraction", "NaN")]
    [DataRow(0.1, -0.5, "floorFraction", "-0.5")]
    [DataRow(0.1, 1.5, "floorFraction", "1.5")]
    [DataRow(0.1, double.NaN, "floorFraction", "NaN")]
    public void WarmupCosineNamesTheInvalidArgument(double warmup, double floor, string name, string value)
    {
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new WarmupCosineSchedule(warmup, floor));
        Assert.AreEqual(name, ex.ParamName);
        StringAssert.Contains(ex.Message, $"is {value};");
    }

    [TestMethod]
    [DataRow(0.0, 0.0, "decay", "0")]
    [DataRow(1.01, 0.0, "decay", "1.01")]
    [DataRow(-0.5, 0.0, "decay", "-0.5")]
    [DataRow(double.NaN, 0.0, "decay", "NaN")]
    [DataRow(0.9, -0.1, "floorFraction", "-0.1")]
    [DataRow(0.9, 2.0, "floorFraction", "2")]
    public void ExponentialPerPhaseNamesTheInvalidArgument(double decay, double floor, string name, string value)
    {
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Schedule.ExponentialPerPhase(decay, floor));
        Assert.AreEqual(name, ex.ParamName);
        StringAssert.Contains(ex.Message, $"is {value};");
    }

    [TestMethod]
    public void SchedulesDescribeThemselvesForLogs()
    {
        Assert.AreEqual("constant", Schedule.Constant.ToString());
        Assert.AreEqual("linear", Schedule.Linear.ToString());
        Assert.AreEqual("warm-up 10% then cosine to 5%", Schedule.WarmupCosine(0.1, 0.05).ToString());
        Assert.AreEqual("cosine to 0%", Schedule.WarmupCosine(0, 0).ToString());
        Assert.AreEqual("×0.99 per step of each phase", Schedule.ExponentialPerPhase(0.99).ToString());
        Assert.AreEqual("×0.5 per step of each phase, at least 12.5%", Schedule.ExponentialPerPhase(0.5, 0.125).ToString());
    }

    [TestMethod]
    public void TheReadyMadeSchedulesAreSingletons()
    {
        var first = new[] { Schedule.Constant, Schedule.Linear };
        var second = new[] { Schedule.Constant, Schedule.Linear };
        Assert.AreSame(first[0], second[0]);
        Assert.AreSame(first[1], second[1]);
        Assert.AreNotSame(first[0], first[1]);
        Assert.IsInstanceOfType<LinearSchedule>(Schedule.Linear);
    }

    [TestMethod]
    public void OnPolicyOptionsNameANullSchedule()
    {
        var learningRate = Assert.ThrowsExactly<ArgumentNullException>(() =>
            new PpoTrainer.Options { EnvironmentId = "CartPole-v1", LearningRateSchedule = null! }.Validate());
        Assert.AreEqual("LearningRateSchedule", learningRate.ParamName);
        var clip = Assert.ThrowsExactly<ArgumentNullException>(() =>
            new PpoTrainer.Options { EnvironmentId = "CartPole-v1", ClipRangeSchedule = null! }.Validate());
        Assert.AreEqual("ClipRangeSchedule", clip.ParamName);
        StringAssert.Contains(clip.Message, "ClipRangeSchedule must be set; it is null");
    }

    [TestMethod]
    public void PresetsKeepTheirLinearSchedules()
    {
        var cartPole = PpoPresets.CartPole();
        Assert.AreSame(Schedule.Linear, cartPole.LearningRateSchedule);
        Assert.AreSame(Schedule.Linear, cartPole.ClipRangeSchedule);
        Assert.AreSame(Schedule.Constant, PpoPresets.Pendulum().ClipRangeSchedule);
    }
}
