using Synaptic.ML.Environments;
using Synaptic.ML.Environments.ClassicControl;
using Synaptic.ML.Environments.Custom;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Training;

[TestClass]
public sealed class CurriculumTests
{
    private static Env MakeCartPole() => new CartPole();

    // Phase 0: mean of 3 ≥ 10; phase 1: mean of 2 ≥ 50; phase 2: mean of 4 ≥ 0.
    private static Curriculum ThreePhases() => new(
        new CurriculumPhase("easy", MakeCartPole, new MasteryRule(10, 3)),
        new CurriculumPhase("medium", MakeCartPole, new MasteryRule(50, 2)),
        new CurriculumPhase("hard", MakeCartPole, new MasteryRule(0, 4)));

    [TestMethod]
    public void MasteryIsJudgedOnlyAfterAWindowOfEpisodes()
    {
        var curriculum = ThreePhases();
        Assert.IsFalse(curriculum.Report(100, 1));
        Assert.IsFalse(curriculum.Report(100, 2), "Two episodes of a three-episode window cannot master a phase, however good.");
        Assert.AreEqual(0, curriculum.PhaseIndex);
        Assert.IsTrue(curriculum.Report(100, 3));
        Assert.AreEqual(1, curriculum.PhaseIndex);
        Assert.AreEqual("medium", curriculum.Current.Name);
    }

    [TestMethod]
    public void AdvancesAtTheEpisodeWhoseWindowMeanReachesTheThreshold()
    {
        var curriculum = ThreePhases();
        // Windows: [0, 20, 5] mean 8.33 < 10; [20, 5, 5] mean exactly 10 ≥ 10.
        double[] returns = [0, 20, 5, 5];
        long[] steps = [10, 20, 30, 40];
        var advanced = returns.Select((r, i) => curriculum.Report(r, steps[i])).ToArray();
        CollectionAssert.AreEqual(new[] { false, false, false, true }, advanced);
        Assert.AreEqual(1, curriculum.Advances.Count);
        Assert.AreEqual(new CurriculumAdvance(0, 40, 4), curriculum.Advances[0]);
        Assert.AreEqual(40, curriculum.PhaseStartStep);
        Assert.AreEqual(0, curriculum.EpisodesInPhase);
        Assert.IsNull(curriculum.WindowMean, "A new phase starts with an empty window.");
        Assert.AreEqual(new SchedulePoint(0.5, 43, 1, 3), curriculum.PointAt(0.5, 43));
    }

    [TestMethod]
    public void ReturnsOfAnEarlierPhaseDoNotCountTowardsTheNext()
    {
        var curriculum = ThreePhases();
        for (var i = 0; i < 3; i++)
            curriculum.Report(1000, i);
        Assert.AreEqual(1, curriculum.PhaseIndex);
        Assert.IsFalse(curriculum.Report(1000, 3), "The medium phase has had one of its two episodes.");
        Assert.AreEqual(1000, curriculum.WindowMean);
        Assert.IsTrue(curriculum.Report(0, 4), "(1000 + 0)/2 = 500 ≥ 50.");
        Assert.AreEqual(new CurriculumAdvance(1, 4, 2), curriculum.Advances[1]);
    }

    [TestMethod]
    public void NeverAdvancesPastTheLastPhase()
    {
        var curriculum = ThreePhases();
        long step = 0;
        while (!curriculum.IsLastPhase)
            curriculum.Report(1000, step++);
        Assert.AreEqual(2, curriculum.PhaseIndex);
        for (var i = 0; i < 3; i++)
            Assert.IsFalse(curriculum.Report(5, step++));
        Assert.IsFalse(curriculum.IsComplete);
        Assert.IsFalse(curriculum.Report(5, step++), "Mastering the last phase completes the curriculum but moves nowhere.");
        Assert.IsTrue(curriculum.IsComplete);
        for (var i = 0; i < 10; i++)
            Assert.IsFalse(curriculum.Report(5, step++));
        Assert.AreEqual(2, curriculum.PhaseIndex);
        Assert.AreEqual(2, curriculum.Advances.Count);
        Assert.AreEqual(3 + 1 + 10, curriculum.EpisodesInPhase);
    }

    [TestMethod]
    public void ALastPhaseWithoutARuleIsNeverComplete()
    {
        var curriculum = new Curriculum(new CurriculumPhase("only", MakeCartPole, null));
        Assert.IsTrue(curriculum.IsLastPhase);
        for (var i = 0; i < 100; i++)
            Assert.IsFalse(curriculum.Report(1e9, i));
        Assert.IsFalse(curriculum.IsComplete);
        Assert.AreEqual(100, curriculum.EpisodesInPhase);
    }

    [TestMethod]
    public void AMasteryRuleAveragesOnlyItsLastWindowOfReturns()
    {
        var rule = new MasteryRule(10, 2);
        Assert.IsFalse(rule.IsMetBy([30]));
        Assert.IsTrue(rule.IsMetBy([0, 0, 10, 10]));
        Assert.IsFalse(rule.IsMetBy([30, 30, 10, 9.5]));
        Assert.IsTrue(new MasteryRule(-1e300, 1).IsMetBy([-1e300]));
    }

    [TestMethod]
    [DataRow(double.NaN)]
    [DataRow(double.PositiveInfinity)]
    [DataRow(double.NegativeInfinity)]
    public void AThresholdThatIsNotFiniteIsRefusedNamingIt(double threshold)
    {
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new MasteryRule(threshold, 20));
        Assert.AreEqual("threshold", ex.ParamName);
        StringAssert.Contains(ex.Message, $"The mastery threshold is {threshold}");
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(5)]
    [DataRow(11)]
    [DataRow(23)]
    public void AStateWrittenAndReadContinuesExactlyAsTheUninterruptedRun(int cut)
    {
        var returns = new double[60];
        var random = new Random(7);
        for (var i = 0; i < returns.Length; i++)
            returns[i] = random.NextDouble() * 40 - 10 + i;   // rising, so every phase is eventually mastered

        var uninterrupted = ThreePhases();
        var resumed = ThreePhases();
        for (var i = 0; i < cut; i++)
        {
            uninterrupted.Report(returns[i], i * 3);
            resumed.Report(returns[i], i * 3);
        }
        using (var stream = new MemoryStream())
        {
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
                resumed.Write(writer);
            resumed = ThreePhases();
            stream.Position = 0;
            using var reader = new BinaryReader(stream);
            resumed.Read(reader);
            Assert.AreEqual(stream.Length, stream.Position, "Read consumes exactly what Write wrote.");
        }

        for (var i = cut; i < returns.Length; i++)
        {
            Assert.AreEqual(uninterrupted.Report(returns[i], i * 3), resumed.Report(returns[i], i * 3), $"episode {i}");
            Assert.AreEqual(uninterrupted.PhaseIndex, resumed.PhaseIndex);
            Assert.AreEqual(uninterrupted.EpisodesInPhase, resumed.EpisodesInPhase);
            Assert.AreEqual(uninterrupted.WindowMean, resumed.WindowMean);
            Assert.AreEqual(uninterrupted.IsComplete, resumed.IsComplete);
            Assert.AreEqual(uninterrupted.PointAt(0.5, i * 3), resumed.PointAt(0.5, i * 3));
        }
        Assert.IsTrue(uninterrupted.IsComplete, "The test drives the curriculum through every phase.");
        CollectionAssert.AreEqual(uninterrupted.Advances.ToArray(), resumed.Advances.ToArray());
    }

    [TestMethod]
    public void ReadingTheStateOfOtherPhasesIsRefusedAndChangesNothing()
    {
        var source = ThreePhases();
        source.Report(100, 0);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            source.Write(writer);

        var renamed = new Curriculum(
            new CurriculumPhase("easy", MakeCartPole, new MasteryRule(10, 3)),
            new CurriculumPhase("middle", MakeCartPole, new MasteryRule(50, 2)),
            new CurriculumPhase("hard", MakeCartPole, null));
        renamed.Report(7, 0);
        stream.Position = 0;
        var ex = Assert.ThrowsExactly<InvalidDataException>(() => renamed.Read(new BinaryReader(stream)));
        StringAssert.Contains(ex.Message, "Phase 1 of the saved curriculum state is 'medium'; this curriculum's is 'middle'.");
        Assert.AreEqual(7, renamed.WindowMean);
        Assert.AreEqual(1, renamed.EpisodesInPhase);

        var shorter = new Curriculum(new CurriculumPhase("easy", MakeCartPole, null));
        stream.Position = 0;
        ex = Assert.ThrowsExactly<InvalidDataException>(() => shorter.Read(new BinaryReader(stream)));
        StringAssert.Contains(ex.Message, "3 phases; this curriculum has 1");
    }

    [TestMethod]
    public void ExponentialPerPhaseStartsOverAtTheCurriculumsAdvance()
    {
        var curriculum = ThreePhases();
        var schedule = Schedule.ExponentialPerPhase(0.5);
        var values = new List<double>();
        for (long step = 0; step < 6; step++)
        {
            // Evaluated before the step with the steps completed; an episode ends during the step, reported after it.
            values.Add(schedule.At(8.0, curriculum.PointAt(step / 6.0, step)));
            curriculum.Report(step == 2 ? 30 : 0, step + 1);    // the third episode masters the first phase: [0, 0, 30]
        }
        CollectionAssert.AreEqual(new[] { 8.0, 4.0, 2.0, 8.0, 4.0, 2.0 }, values);
    }

    [TestMethod]
    public void InvalidCurriculaAreNamed()
    {
        var none = Assert.ThrowsExactly<ArgumentException>(() => new Curriculum(Array.Empty<CurriculumPhase>()));
        StringAssert.Contains(none.Message, "at least one phase");
        var nullPhase = Assert.ThrowsExactly<ArgumentException>(() => new Curriculum(new CurriculumPhase("a", MakeCartPole, null), null!));
        StringAssert.Contains(nullPhase.Message, "Curriculum phase 1 is null");
        var blocked = Assert.ThrowsExactly<ArgumentException>(() =>
            new Curriculum(new CurriculumPhase("first", MakeCartPole, null), new CurriculumPhase("second", MakeCartPole, null)));
        StringAssert.Contains(blocked.Message, "Curriculum phase 0 ('first') has no mastery rule");
        var factory = Assert.ThrowsExactly<ArgumentNullException>(() => new CurriculumPhase("straight", null!, null));
        Assert.AreEqual("environmentFactory", factory.ParamName);
        StringAssert.Contains(factory.Message, "'straight' has no environment factory");
        Assert.ThrowsExactly<ArgumentException>(() => new CurriculumPhase(" ", MakeCartPole, null));
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(-3)]
    public void ANonPositiveWindowIsNamed(int window)
    {
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new MasteryRule(1, window));
        Assert.AreEqual("window", ex.ParamName);
        StringAssert.Contains(ex.Message, $"window is {window} episodes");
    }

    [TestMethod]
    public void ANaNThresholdIsNamed()
    {
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new MasteryRule(double.NaN, 5));
        Assert.AreEqual("threshold", ex.ParamName);
        StringAssert.Contains(ex.Message, "threshold is NaN");
    }

    [TestMethod]
    [DataRow(double.NaN)]
    [DataRow(double.PositiveInfinity)]
    public void ANonFiniteReturnIsNamedAndNotCounted(double episodeReturn)
    {
        var curriculum = ThreePhases();
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => curriculum.Report(episodeReturn, 12));
        Assert.AreEqual("episodeReturn", ex.ParamName);
        StringAssert.Contains(ex.Message, "reported at step 12 in curriculum phase 'easy'");
        Assert.AreEqual(0, curriculum.EpisodesInPhase);
    }

    [TestMethod]
    public void StepsCannotGoBack()
    {
        var curriculum = ThreePhases();
        curriculum.Report(0, 10);
        curriculum.Report(0, 10);    // episodes of several sub-environments can end at one step
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => curriculum.Report(0, 9));
        StringAssert.Contains(ex.Message, "step 9 after step 10");
    }

    [TestMethod]
    public void LaneKeepingPhasesMakeEnvironmentsOnTheirRoadProfile()
    {
        var rule = new MasteryRule(80, 10);
        var curriculum = LaneKeepingCurriculum.AllProfiles(rule, o => o.IncludePose = true);
        CollectionAssert.AreEqual(new[] { "Straight", "GentleCurves", "SharpTurns", "ComplexTrack" }, curriculum.Phases.Select(p => p.Name).ToArray());
        foreach (var (phase, profile) in curriculum.Phases.Zip(Enum.GetValues<LaneKeepingRoadProfile>()))
        {
            var env = (LaneKeeping)phase.EnvironmentFactory();
            Assert.AreEqual(profile, env.Phase);
            Assert.AreEqual(5, env.ObservationSpace.Size, "The configured options (IncludePose) apply.");
            Assert.AreSame(rule, phase.Mastery);
        }
        var single = LaneKeepingCurriculum.Phase(LaneKeepingRoadProfile.SharpTurns, null, o => o.Phase = LaneKeepingRoadProfile.Straight);
        Assert.AreEqual(LaneKeepingRoadProfile.SharpTurns, ((LaneKeeping)single.EnvironmentFactory()).Phase, "The phase's profile wins over the configured one.");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => LaneKeepingCurriculum.Phase((LaneKeepingRoadProfile)9, null));
    }

    [TestMethod]
    public void DescriptionsNameThePhaseAndRule()
    {
        Assert.AreEqual("easy (until the mean of the last 3 returns ≥ 10)", ThreePhases().Current.ToString());
        Assert.AreEqual("phase 1 of 3, easy: 0 episodes", ThreePhases().ToString());
    }
}
