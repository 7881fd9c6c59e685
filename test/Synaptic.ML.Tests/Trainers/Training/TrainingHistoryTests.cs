using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Training;

/// <summary>The keyed history: rows by step, series, views, plots, the saved format and the two formats it replaced.</summary>
[TestClass]
public sealed class TrainingHistoryTests : TempDirectoryTest
{
    private static TrainingHistory Sample()
    {
        var history = new TrainingHistory();
        history.AddEpisode(new EpisodeRecord(0, 12.5, 12, 12, 0.1, 0));
        history.Add(new MetricRow(MetricRowKind.Iteration, 16, new Dictionary<string, double> { [MetricKeys.Updates] = 1, [MetricKeys.PolicyLoss] = -0.25, [MetricKeys.LearningRate] = 1e-3, [MetricKeys.Seconds] = 0.2 }));
        history.AddEpisode(new EpisodeRecord(1, 20, 20, 32, 0.3, 1));
        history.Add(new MetricRow(MetricRowKind.Iteration, 32, new Dictionary<string, double> { [MetricKeys.Updates] = 2, [MetricKeys.PolicyLoss] = -0.5, [MetricKeys.LearningRate] = 5e-4, [MetricKeys.Seconds] = 0.4, [MetricKeys.EvaluationMeanReturn] = 30, ["custom/anything"] = 7 }));
        return history;
    }

    [TestMethod]
    public void MetricsAreKeptByStepAndReadAsSeriesEpisodesAndUpdates()
    {
        var history = Sample();
        CollectionAssert.AreEqual(new[] { MetricKeys.Episode, MetricKeys.EpisodeReturn, MetricKeys.EpisodeLength, MetricKeys.Seconds, MetricKeys.Updates, MetricKeys.PolicyLoss, MetricKeys.LearningRate, MetricKeys.EvaluationMeanReturn, "custom/anything" },
            history.Keys.ToArray());
        var (steps, losses) = history.Series(MetricKeys.PolicyLoss);
        CollectionAssert.AreEqual(new long[] { 16, 32 }, steps);
        CollectionAssert.AreEqual(new[] { -0.25, -0.5 }, losses);
        Assert.AreEqual(0, history.Series("never/recorded").Steps.Length);
        Assert.AreEqual(2, history.Episodes.Count);
        Assert.AreEqual(new EpisodeRecord(1, 20, 20, 32, 0.3, 1), history.Episodes[1]);
        Assert.AreEqual(2, history.Updates.Count);
        Assert.IsNull(history.Updates[0].EvaluationReturn);
        Assert.AreEqual(30.0, history.Updates[1].EvaluationReturn);
        Assert.IsTrue(double.IsNaN(history.Updates[0].ValueLoss), "A metric the trainer did not record reads as NaN.");
        CollectionAssert.AreEqual(new[] { (32L, 0.4, 30.0) }, history.Evaluations.ToArray());
    }

    [TestMethod]
    public void TheHistoryReadsAsAnIDataViewAndADataFrameWithAColumnPerKey()
    {
        var history = Sample();
        var view = history.MetricsToDataView(new MLContext(seed: 0));
        Assert.AreEqual(2 + history.Keys.Count, view.Schema.Count);
        CollectionAssert.AreEqual(new long[] { 12, 16, 32, 32 }, view.GetColumn<long>("Step").ToArray());
        var loss = view.GetColumn<double>(MetricKeys.PolicyLoss).ToArray();
        Assert.IsTrue(double.IsNaN(loss[0]));
        Assert.AreEqual(-0.25, loss[1]);
        var frame = history.MetricsToDataFrame();
        Assert.AreEqual(4, frame.Rows.Count);
        Assert.AreEqual("Episode", frame["Kind"][0]);
        Assert.AreEqual(7.0, frame["custom/anything"][3]);
    }

    [TestMethod]
    public void PlotsNameTheMetricsTheyCannotFind()
    {
        var history = Sample();
        var path = Path.Combine(Dir, "metrics.png");
        history.SavePlot(path, [MetricKeys.PolicyLoss, MetricKeys.LearningRate]);
        Assert.IsGreaterThan(1_000L, new FileInfo(path).Length);
        var ex = Assert.ThrowsExactly<ArgumentException>(() => history.SavePlot(path, ["train/nothing"]));
        StringAssert.Contains(ex.Message, "'train/nothing' was not recorded");
        StringAssert.Contains(ex.Message, MetricKeys.PolicyLoss);
        history.SaveLearningCurve(Path.Combine(Dir, "curve.png"));
        Assert.ThrowsExactly<InvalidOperationException>(() => new TrainingHistory().SaveLearningCurve(Path.Combine(Dir, "empty.png")));
    }

    [TestMethod]
    public void TheSavedFormatRoundTripsAndRefusesOtherVersions()
    {
        var history = Sample();
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            history.Write(writer);
        stream.Position = 0;
        var read = TrainingHistory.Read(new BinaryReader(stream));
        Assert.AreEqual(history.Rows.Count, read.Rows.Count);
        for (var r = 0; r < history.Rows.Count; r++)
        {
            Assert.AreEqual(history.Rows[r].Kind, read.Rows[r].Kind);
            Assert.AreEqual(history.Rows[r].Step, read.Rows[r].Step);
            CollectionAssert.AreEquivalent(history.Rows[r].Values.ToArray(), read.Rows[r].Values.ToArray());
        }
        stream.Position = 0;
        stream.WriteByte(9);
        stream.Position = 0;
        var ex = Assert.ThrowsExactly<InvalidDataException>(() => TrainingHistory.Read(new BinaryReader(stream)));
        StringAssert.Contains(ex.Message, "format version 9");
    }

    [TestMethod]
    public void HistoriesSavedBeforeKeyedMetricsReadIntoTheSameShape()
    {
        // The policy format 0x00010001 wrote fixed episode and update records (every update field, NaN for none).
        using var policy = new MemoryStream();
        using (var w = new BinaryWriter(policy, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(1);
            w.Write(0);
            w.Write(9.0);
            w.Write(9);
            w.Write(9L);
            w.Write(0.05);
            w.Write(0);
            w.Write(1);
            w.Write(1);
            w.Write(16L);
            w.Write(0.2);
            w.Write(-0.1);
            w.Write(double.NaN);
            w.Write(0.6);
            w.Write(double.NaN);
            w.Write(double.NaN);
            w.Write(1e-3);
            w.Write(double.NaN);
        }
        policy.Position = 0;
        var history = TrainingHistory.ReadEpisodesAndUpdates(new BinaryReader(policy));
        Assert.AreEqual(new EpisodeRecord(0, 9, 9, 9, 0.05, 0), history.Episodes.Single());
        var update = history.Updates.Single();
        Assert.AreEqual((1, 16L, -0.1, 0.6, 1e-3), (update.Update, update.EnvironmentSteps, update.PolicyLoss, update.Entropy, update.LearningRate));
        Assert.IsTrue(double.IsNaN(update.ValueLoss));
        Assert.IsNull(update.EvaluationReturn);

        // The few-shot format 0x00010001 wrote (episode, loss, accuracy, seconds) and (episode, accuracy) lists.
        using var fewShot = new MemoryStream();
        using (var w = new BinaryWriter(fewShot, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(2);
            w.Write(0);
            w.Write(1.5);
            w.Write(0.4);
            w.Write(0.1);
            w.Write(1);
            w.Write(1.2);
            w.Write(0.6);
            w.Write(0.2);
            w.Write(1);
            w.Write(2);
            w.Write(0.55);
        }
        fewShot.Position = 0;
        var episodic = TrainingHistory.ReadFewShotEpisodes(new BinaryReader(fewShot));
        CollectionAssert.AreEqual(new[] { 0.4, 0.6 }, episodic.Series(MetricKeys.Accuracy).Values);
        CollectionAssert.AreEqual(new long[] { 1, 2 }, episodic.Series(MetricKeys.Loss).Steps);
        Assert.AreEqual((2L, 0.55), (episodic.Series(MetricKeys.EvaluationAccuracy).Steps.Single(), episodic.Series(MetricKeys.EvaluationAccuracy).Values.Single()));
    }
}
