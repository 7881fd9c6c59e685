using Microsoft.ML;
using Synaptic.ML.Environments.Custom;
using Synaptic.ML.Tests.TestDoubles;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Training;

/// <summary>
/// A trainer given <see cref="EnvironmentTrainerOptions.Curriculum"/> plays the current phase, reports the
/// episodes of that phase to the curriculum, moves every sub-environment on at its next reset once the mastery
/// rule is met, restarts per-phase schedules there, evaluates on the current phase, and resumes exactly.
/// The phases are <see cref="RewardedActionEnv"/>s of 5 and 9 steps, so an episode's length says which phase
/// played it, and the expected advance is computed here from the history's returns.
/// </summary>
[TestClass]
public sealed class CurriculumTrainingTests : TempDirectoryTest
{
    private const int ShortLength = 5;
    private const int LongLength = 9;
    private const int Environments = 2;
    private const double LearningRate = 3e-3;
    private const double Decay = 0.8;
    private static readonly MasteryRule ShortMastery = new(threshold: 4, window: 4);
    private static readonly MasteryRule LongMastery = new(threshold: double.MaxValue, window: 3);
    private static readonly Lazy<(PolicyTransformer Policy, Curriculum Curriculum)> Trained = new(() => Train(TwoPhases(), o => { }));

    private static Curriculum TwoPhases() => new(
        new CurriculumPhase("short", () => new RewardedActionEnv(ShortLength), ShortMastery),
        new CurriculumPhase("long", () => new RewardedActionEnv(LongLength), LongMastery));

    private static PpoTrainer.Options Options(Curriculum curriculum) => new()
    {
        Curriculum = curriculum,
        Seed = 3,
        NumberOfEnvironments = Environments,
        StepsPerUpdate = 16,
        MinibatchSize = 16,
        Epochs = 4,
        LearningRate = LearningRate,
        LearningRateSchedule = Schedule.ExponentialPerPhase(Decay),
        TotalTimesteps = 640,
        EvaluationInterval = 1,
        EvaluationEpisodes = 2,
    };

    private static (PolicyTransformer Policy, Curriculum Curriculum) Train(Curriculum curriculum, Action<PpoTrainer.Options> configure)
    {
        var ml = new MLContext(seed: 0);
        var options = Options(curriculum);
        configure(options);
        return (ml.Synaptic().Trainers.Ppo(options).Fit(ObservationData(ml)), curriculum);
    }

    private static IDataView ObservationData(MLContext ml) => ml.Synaptic().Data.Rollout(new RewardedActionEnv(ShortLength), episodes: 1, seed: 0);

    private static IReadOnlyList<MetricRow> Rows => Trained.Value.Policy.TrainingHistory!.Rows;

    /// <summary>
    /// The advance as the mastery rule defines it, from the history alone: the first episode after which the last
    /// <see cref="MasteryRule.Window"/> returns average at least the threshold, and the number of the iteration
    /// (iteration rows counted from 1) whose rollout finished it.
    /// </summary>
    private static (int Episodes, int Iteration) ExpectedAdvance(IReadOnlyList<MetricRow> rows)
    {
        var returns = new List<double>();
        var iteration = 1;
        foreach (var row in rows)
        {
            if (row.Kind == MetricRowKind.Iteration)
            {
                iteration++;
                continue;
            }
            returns.Add(row[MetricKeys.EpisodeReturn]);
            var window = ShortMastery.Window;
            if (returns.Count >= window && returns.Skip(returns.Count - window).Sum() / window >= ShortMastery.Threshold)
                return (returns.Count, iteration);
        }
        throw new AssertFailedException($"The short phase was never mastered; returns: {string.Join(", ", returns)}. Make the test run longer or the rule easier.");
    }

    private static int[] PhaseOfIterations(IReadOnlyList<MetricRow> rows) =>
        [.. rows.Where(r => r.Kind == MetricRowKind.Iteration).Select(r => (int)r[MetricKeys.CurriculumPhase])];

    [TestMethod]
    public void TheCurriculumAdvancesAtTheEpisodeWhoseWindowMeetsTheMasteryRule()
    {
        var (episodes, iteration) = ExpectedAdvance(Rows);
        Assert.IsTrue(iteration >= 3, $"The advance at iteration {iteration} must come after the first checkpoint of the resume test (iteration 2).");
        var curriculum = Trained.Value.Curriculum;
        CollectionAssert.AreEqual(new[] { new CurriculumAdvance(0, iteration, episodes) }, curriculum.Advances.ToArray(),
            "One advance, at the iteration (step in updates) that finished the mastering episode.");
        var phases = PhaseOfIterations(Rows);
        CollectionAssert.AreEqual(Enumerable.Range(1, phases.Length).Select(i => i < iteration ? 0 : 1).ToArray(), phases,
            "curriculum/phase is 0 on every iteration before the advance and 1 from it on.");
        var shortEpisodes = Rows.Where(r => r.Kind == MetricRowKind.Episode).Take(episodes).ToArray();
        Assert.IsTrue(shortEpisodes.All(r => r[MetricKeys.EpisodeLength] == ShortLength && r[MetricKeys.CurriculumPhase] == 0),
            "Every episode up to the mastering one was played in the short phase.");
    }

    [TestMethod]
    public void AfterTheAdvanceEachSubEnvironmentFinishesItsEpisodeThenPlaysTheNextPhase()
    {
        var (_, iteration) = ExpectedAdvance(Rows);
        var advanceRow = Rows.Select((row, index) => (row, index)).Where(x => x.row.Kind == MetricRowKind.Iteration).ElementAt(iteration - 1).index;
        var after = Rows.Skip(advanceRow + 1).Where(r => r.Kind == MetricRowKind.Episode).ToArray();
        var lengths = after.Select(r => (int)r[MetricKeys.EpisodeLength]).ToArray();
        // Each sub-environment had one short episode running at the advance; every episode started later is long.
        var expected = Enumerable.Repeat(ShortLength, Environments).Concat(Enumerable.Repeat(LongLength, lengths.Length - Environments)).ToArray();
        Assert.IsTrue(lengths.Length >= Environments + 3, $"Only {lengths.Length} episodes ended after the advance.");
        CollectionAssert.AreEqual(expected, lengths, "Episode lengths after the advance.");
        CollectionAssert.AreEqual(expected.Select(l => l == ShortLength ? 0.0 : 1.0).ToArray(), after.Select(r => r[MetricKeys.CurriculumPhase]).ToArray(),
            "Each episode is tagged with the phase it was played in.");

        // The long phase's window holds only long episodes: the short ones still running at the advance do not count.
        var curriculum = Trained.Value.Curriculum;
        var longReturns = after.Where(r => r[MetricKeys.EpisodeLength] == LongLength).Select(r => r[MetricKeys.EpisodeReturn]).ToArray();
        Assert.AreEqual(longReturns.Length, curriculum.EpisodesInPhase);
        var lastIteration = Rows.Last(r => r.Kind == MetricRowKind.Iteration);
        Assert.AreEqual(longReturns.TakeLast(LongMastery.Window).Sum() / LongMastery.Window, lastIteration[MetricKeys.CurriculumWindowMean], 1e-12);
    }

    [TestMethod]
    public void AnExponentialPerPhaseLearningRateRestartsAtTheAdvance()
    {
        var (_, iteration) = ExpectedAdvance(Rows);
        var rates = Rows.Where(r => r.Kind == MetricRowKind.Iteration).Select(r => r[MetricKeys.LearningRate]).ToArray();
        // Update u (from 0) is made with initial·decay^(u − start of its phase); the phase of the advance starts at update `iteration`.
        var expected = Enumerable.Range(0, rates.Length).Select(u => LearningRate * Math.Pow(Decay, u < iteration ? u : u - iteration)).ToArray();
        CollectionAssert.AreEqual(expected, rates);
        Assert.AreEqual(LearningRate, rates[iteration], "The first update after the advance uses the initial rate again.");
    }

    [TestMethod]
    public void EvaluationsDuringTrainingPlayTheCurrentPhase()
    {
        var (policy, _) = Trained.Value;
        var ml = new MLContext(seed: 0);
        // The policy is deterministic and the environments are not random, so one episode gives each mean return.
        var onLong = ml.Synaptic().Evaluate(policy, new RewardedActionEnv(LongLength), episodes: 1).MeanReturn;
        var onShort = ml.Synaptic().Evaluate(policy, new RewardedActionEnv(ShortLength), episodes: 1).MeanReturn;
        Assert.AreNotEqual(onShort, onLong, "The final policy scores differently in the two phases, so the check below can tell them apart.");
        Assert.AreEqual(onLong, Rows.Last(r => r.Kind == MetricRowKind.Iteration)[MetricKeys.EvaluationMeanReturn],
            "The last evaluation, made with the final weights, played the long phase.");
    }

    [TestMethod]
    public void ResumingWithACurriculumEqualsTheUninterruptedRun()
    {
        var (uninterrupted, curriculum) = Train(TwoPhases(), o =>
        {
            o.CheckpointDirectory = Dir;
            o.CheckpointInterval = 2;
        });
        var advance = curriculum.Advances.Single();
        var checkpoints = Directory.GetFiles(Dir, "checkpoint-*.bin").Order().ToArray();
        // One checkpoint before the advance and one after it.
        foreach (var checkpoint in new[] { checkpoints[0], checkpoints[^1] })
        {
            // The same set-up (a checkpoint directory keeps the best policy too, whose state the checkpoint holds), another directory.
            var (resumed, resumedCurriculum) = Train(TwoPhases(), o =>
            {
                o.CheckpointDirectory = Path.Combine(Dir, "resumed");
                o.CheckpointInterval = 2;
                o.ResumeFrom = checkpoint;
            });
            CollectionAssert.AreEqual(Parameters(uninterrupted), Parameters(resumed), $"Weights after resuming from {Path.GetFileName(checkpoint)}.");
            CollectionAssert.AreEqual(HistoryNumbers(uninterrupted), HistoryNumbers(resumed), $"History after resuming from {Path.GetFileName(checkpoint)}.");
            CollectionAssert.AreEqual(new[] { advance }, resumedCurriculum.Advances.ToArray(), $"Advances after resuming from {Path.GetFileName(checkpoint)}.");
        }
        Assert.IsTrue(advance.Step > 2 && advance.Step < checkpoints.Length * 2, $"The advance at update {advance.Step} lies between the first and the last checkpoint.");
    }

    [TestMethod]
    public void AOnePhaseCurriculumTrainsExactlyAsItsEnvironmentAlone()
    {
        var only = new Curriculum(new CurriculumPhase("only", () => new RewardedActionEnv(ShortLength), mastery: null));
        var (withCurriculum, _) = Train(only, o => o.EvaluationInterval = 0);
        var (alone, _) = Train(TwoPhases(), o =>
        {
            o.Curriculum = null;
            o.EnvironmentFactory = () => new RewardedActionEnv(ShortLength);
            o.EvaluationInterval = 0;
        });
        CollectionAssert.AreEqual(Parameters(alone), Parameters(withCurriculum), "The curriculum's environment is seeded and stepped as the environment alone.");
        CollectionAssert.AreEqual(
            alone.TrainingHistory!.Episodes.Select(e => e.Return).ToArray(),
            withCurriculum.TrainingHistory!.Episodes.Select(e => e.Return).ToArray());
    }

    [TestMethod]
    public void APhaseWithAnotherObservationSpaceIsRefusedWithItsName()
    {
        var curriculum = new Curriculum(
            new CurriculumPhase("short", () => new RewardedActionEnv(ShortLength), ShortMastery),
            new CurriculumPhase("wide", () => new RewardedActionEnv(LongLength, observationSize: 3), mastery: null));
        var ml = new MLContext(seed: 0);
        var trainer = ml.Synaptic().Trainers.Ppo(Options(curriculum));
        var ex = Assert.Throws<ArgumentException>(() => trainer.Fit(ObservationData(ml)));
        StringAssert.Contains(ex.Message, "phase 1 ('wide')");
        StringAssert.Contains(ex.Message, "observation space");
    }

    [TestMethod]
    public void LaneKeepingTrainsThroughAllRoadProfilesWithPpo()
    {
        // A rule met after two episodes of each profile, so a few hundred steps pass through all four.
        var curriculum = LaneKeepingCurriculum.AllProfiles(new MasteryRule(double.MinValue, window: 2), o => o.Length = 20);
        var ml = new MLContext(seed: 0);
        var options = new PpoTrainer.Options
        {
            Curriculum = curriculum,
            Seed = 1,
            NumberOfEnvironments = 2,
            StepsPerUpdate = 32,
            MinibatchSize = 32,
            Epochs = 2,
            TotalTimesteps = 640,
        };
        var data = ml.Synaptic().Data.Rollout(new LaneKeeping(new LaneKeeping.Options { Length = 20 }), episodes: 1, seed: 0);
        var policy = ml.Synaptic().Trainers.Ppo(options).Fit(data);

        Assert.AreEqual(3, curriculum.PhaseIndex, $"The run ends in the last profile ({curriculum}).");
        Assert.IsTrue(curriculum.IsComplete);
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, curriculum.Advances.Select(a => a.Phase).ToArray());
        var phases = PhaseOfIterations(policy.TrainingHistory!.Rows);
        CollectionAssert.AreEqual(phases.Order().ToArray(), phases, "The phase never goes back.");
        var episodesPerPhase = policy.TrainingHistory.Rows.Where(r => r.Kind == MetricRowKind.Episode).CountBy(r => (int)r[MetricKeys.CurriculumPhase]).OrderBy(p => p.Key).ToArray();
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3 }, episodesPerPhase.Select(p => p.Key).ToArray(), "Episodes were played on every profile.");
        Assert.IsTrue(episodesPerPhase.All(p => p.Value >= 2), "Each profile was mastered after two of its own episodes.");
    }

    private static float[] Parameters(PolicyTransformer policy) =>
        [.. policy.Module.parameters().SelectMany(p => p.detach().data<float>().ToArray())];

    /// <summary>Every row's kind, step and values in key order, times left out.</summary>
    private static double[] HistoryNumbers(PolicyTransformer policy) =>
        [.. policy.TrainingHistory!.Rows.SelectMany(r => new double[] { (int)r.Kind, r.Step, r.Values.Count }
            .Concat(r.Values.Where(v => v.Key != MetricKeys.Seconds).OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => v.Value)))];
}
