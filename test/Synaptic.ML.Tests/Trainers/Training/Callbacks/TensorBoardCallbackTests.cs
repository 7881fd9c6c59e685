using Microsoft.ML;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Training;

/// <summary>
/// The TensorBoard callback's event files, read back by an independent reader (<see cref="TensorBoardEventReader"/>):
/// every metric of the run's history at its step, written as training goes, and a resumed run that continues the log.
/// </summary>
[TestClass]
public sealed class TensorBoardCallbackTests : TempDirectoryTest
{
    private static PpoTrainer.Options SmallPpo(long steps = 1_024) => new()
    {
        EnvironmentId = "CartPole-v1",
        Seed = 7,
        NumberOfEnvironments = 2,
        StepsPerUpdate = 64,
        MinibatchSize = 32,
        Epochs = 2,
        TotalTimesteps = steps,
    };

    private static IDataView CartPoleData(MLContext ml) => TrainedPolicies.Episodes(ml, "CartPole-v1");

    /// <summary>The history as TensorBoard scalars: (tag, step, value as float), row by row.</summary>
    private static (string Tag, long Step, float Value)[] Scalars(TrainingHistory history) =>
        history.Rows.SelectMany(r => r.Values.Select(v => (v.Key, r.Step, (float)v.Value))).ToArray();

    private static (string Tag, long Step, float Value)[] Scalars(IEnumerable<TensorBoardEventReader.Event> events) =>
        events.SelectMany(e => e.Scalars.Select(s => (s.Tag, e.Step, s.Value))).ToArray();

    [TestMethod]
    public void TheReadersCrc32CGivesTheCatalogueCheckValue() =>
        // The check value of CRC-32C (iSCSI) in the CRC catalogue: the CRC of the ASCII digits 1 to 9.
        Assert.AreEqual(0xE3069283u, TensorBoardEventReader.Crc32C("123456789"u8));

    [TestMethod]
    public void EveryMetricOfTheHistoryIsAScalarAtItsRowsStep()
    {
        var ml = new MLContext(seed: 0);
        var options = SmallPpo();
        options.Policy = new SpikingPolicyOptions { HiddenSizes = [16], TimeSteps = 4 };
        options.EvaluationInterval = 3;
        options.EvaluationEpisodes = 2;
        var logs = Path.Combine(Dir, "ppo");
        using var tensorBoard = new TensorBoardCallback(logs);
        options.Callbacks.Add(tensorBoard);
        var started = (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds - 1;
        var history = ml.Synaptic().Trainers.Ppo(options).Fit(CartPoleData(ml)).TrainingHistory!;
        var ended = (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds + 1;

        var files = Directory.GetFiles(logs);
        Assert.HasCount(1, files);
        Assert.AreEqual(Path.GetFullPath(tensorBoard.EventFile!), Path.GetFullPath(files[0]));
        StringAssert.StartsWith(Path.GetFileName(files[0]), "events.out.tfevents.");
        var events = TensorBoardEventReader.Read(files[0]);
        Assert.AreEqual("brain.Event:2", events[0].FileVersion, "The first record names the format.");
        Assert.HasCount(history.Rows.Count, events.Skip(1).ToArray(), "One event per history row.");
        var written = Scalars(events.Skip(1));
        CollectionAssert.AreEqual(Scalars(history), written);
        var tags = written.Select(s => s.Tag).ToHashSet();
        foreach (var key in new[] { MetricKeys.EpisodeReturn, MetricKeys.PolicyLoss, MetricKeys.EvaluationMeanReturn, MetricKeys.SpikeRate(0), MetricKeys.SpikeSilentFraction(1) })
            Assert.Contains(key, tags);
        Assert.IsTrue(events.All(e => e.WallTime >= started && e.WallTime <= ended), "Wall times are seconds since 1970, taken while training ran.");
        Assert.IsTrue(events.Zip(events.Skip(1)).All(p => p.First.WallTime <= p.Second.WallTime), "Wall times do not go back.");
        // The file was closed when training ended.
        using (File.Open(files[0], FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
        }
    }

    [TestMethod]
    public void EachIterationIsInTheFileWhenTheNextCallbackSeesIt()
    {
        var ml = new MLContext(seed: 0);
        var options = SmallPpo(512);
        using var tensorBoard = new TensorBoardCallback(Path.Combine(Dir, "live"));
        var probe = new LogProbe(tensorBoard);
        options.Callbacks.Add(tensorBoard);
        options.Callbacks.Add(probe);
        ml.Synaptic().Trainers.Ppo(options).Fit(CartPoleData(ml));
        Assert.HasCount(4, probe.Matches, "One check per iteration.");
        Assert.IsTrue(probe.Matches.All(m => m), $"Whether the file held the whole history, iteration by iteration: {string.Join(", ", probe.Matches)}.");
    }

    [TestMethod]
    public void AResumedRunContinuesTheLogFromItsCheckpoint()
    {
        var ml = new MLContext(seed: 0);
        var logs = Path.Combine(Dir, "logs");
        var checkpoints = Path.Combine(Dir, "checkpoints");
        var saving = SmallPpo();
        saving.CheckpointDirectory = checkpoints;
        saving.CheckpointInterval = 3;
        using var first = new TensorBoardCallback(logs);
        saving.Callbacks.Add(first);
        ml.Synaptic().Trainers.Ppo(saving).Fit(CartPoleData(ml));

        var resuming = SmallPpo();
        resuming.ResumeFrom = Directory.GetFiles(checkpoints, "checkpoint-*.bin").Order(StringComparer.Ordinal).First();
        using var second = new TensorBoardCallback(logs);
        resuming.Callbacks.Add(second);
        var history = ml.Synaptic().Trainers.Ppo(resuming).Fit(CartPoleData(ml)).TrainingHistory!;

        // TensorBoard reads a directory's files in name order.
        var files = Directory.GetFiles(logs).Order(StringComparer.Ordinal).Select(Path.GetFullPath).ToArray();
        CollectionAssert.AreEqual(new[] { Path.GetFullPath(first.EventFile!), Path.GetFullPath(second.EventFile!) }, files);
        var interrupted = TensorBoardEventReader.Read(files[0]);
        var resumed = TensorBoardEventReader.Read(files[1]);
        var checkpointStep = history.Rows.First(r => r.Kind == MetricRowKind.Iteration && r[MetricKeys.Updates] == 3).Step;
        Assert.AreEqual(TensorBoardEventReader.SessionStart, resumed[1].SessionStatus, "The resumed file starts with a restart marker.");
        Assert.AreEqual(checkpointStep + 1, resumed[1].Step);
        Assert.IsTrue(Scalars(interrupted).Any(s => s.Step > checkpointStep), "The first run logged past the checkpoint, so the marker has something to drop.");
        Assert.IsTrue(Scalars(resumed).All(s => s.Step > checkpointStep), "The checkpoint's rows are not written twice.");

        // What TensorBoard shows: a restart marker at step P drops the events read so far at P and later.
        var shown = new List<(string Tag, long Step, float Value)>();
        foreach (var e in interrupted.Concat(resumed))
        {
            if (e.SessionStatus == TensorBoardEventReader.SessionStart)
                shown.RemoveAll(s => s.Step >= e.Step);
            shown.AddRange(e.Scalars.Select(s => (s.Tag, e.Step, s.Value)));
        }
        CollectionAssert.AreEqual(Scalars(history), shown.ToArray());
    }

    [TestMethod]
    public void AResumedRunWritesTheCheckpointsRowsWhenTheInterruptedRunLoggedNone()
    {
        var ml = new MLContext(seed: 0);
        var saving = SmallPpo(512);
        saving.CheckpointDirectory = Path.Combine(Dir, "checkpoints");
        saving.CheckpointInterval = 2;
        ml.Synaptic().Trainers.Ppo(saving).Fit(CartPoleData(ml));

        var resuming = SmallPpo(512);
        resuming.ResumeFrom = Directory.GetFiles(saving.CheckpointDirectory, "checkpoint-*.bin").Order(StringComparer.Ordinal).First();
        using var tensorBoard = new TensorBoardCallback(Path.Combine(Dir, "logs"));
        resuming.Callbacks.Add(tensorBoard);
        var history = ml.Synaptic().Trainers.Ppo(resuming).Fit(CartPoleData(ml)).TrainingHistory!;

        var events = TensorBoardEventReader.Read(tensorBoard.EventFile!);
        CollectionAssert.AreEqual(Scalars(history), Scalars(events));
        var restart = events.Single(e => e.SessionStatus is not null);
        var checkpointStep = history.Rows.First(r => r.Kind == MetricRowKind.Iteration && r[MetricKeys.Updates] == 2).Step;
        Assert.AreEqual(checkpointStep + 1, restart.Step);
        Assert.IsTrue(events.TakeWhile(e => e != restart).SelectMany(e => e.Scalars).Any(), "The checkpoint's rows come before the marker.");
    }

    [TestMethod]
    public void ALogDirectoryMustBeNamed()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => new TensorBoardCallback(null!));
        var ex = Assert.ThrowsExactly<ArgumentException>(() => new TensorBoardCallback(" "));
        StringAssert.Contains(ex.Message, "logDirectory");
    }

    /// <summary>After the TensorBoard callback, reads its file at every iteration: does it hold the history so far, scalar for scalar?</summary>
    private sealed class LogProbe(TensorBoardCallback tensorBoard) : TrainingCallback
    {
        public List<bool> Matches { get; } = [];

        public override void OnIterationRecorded(TrainingRun run) =>
            Matches.Add(Scalars(run.History).SequenceEqual(Scalars(TensorBoardEventReader.Read(tensorBoard.EventFile!))));
    }
}
