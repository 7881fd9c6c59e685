using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Wrappers;

namespace Synaptic.ML.Tests.Environments.Episodes;

[TestClass]
public sealed class EpisodeDataTests : TempDirectoryTest
{
    /// <summary>Observation [t, start]; reward = action; terminates when t reaches 3 + start, start uniform in {0, 1, 2}.</summary>
    private sealed class Counter() : Env("Counter-v0")
    {
        private int _t;
        private int _start;

        public override Space ObservationSpace { get; } = new BoxSpace(0, 100, 2);

        public override Space ActionSpace { get; } = new DiscreteSpace(2);

        protected override void OnReset(Span<float> observation, int? seed)
        {
            _t = 0;
            _start = Random.NextInt(3);
            observation[0] = 0;
            observation[1] = _start;
        }

        protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
        {
            _t++;
            observation[0] = _t;
            observation[1] = _start;
            return new StepOutcome(action[0], _t >= 3 + _start, false);
        }
    }

    [TestMethod]
    public void RolloutRecordsEveryTransitionWithTheDocumentedColumns()
    {
        var ml = new MLContext(seed: 0);
        var env = new Counter();
        var data = ml.Synaptic().Data.Rollout(env, (obs, action) => action[0] = obs[0] % 2 == 0 ? 1 : 0, episodes: 4, seed: 10);

        string[] columns = ["Episode", "Step", "Observation", "Action", "Reward", "Terminated", "Truncated", "NextObservation"];
        CollectionAssert.AreEqual(columns, data.Schema.Select(c => c.Name).ToArray());
        var episode = data.GetColumn<int>("Episode").ToArray();
        var step = data.GetColumn<int>("Step").ToArray();
        var observation = data.GetColumn<float[]>("Observation").ToArray();
        var next = data.GetColumn<float[]>("NextObservation").ToArray();
        var reward = data.GetColumn<double>("Reward").ToArray();
        var terminated = data.GetColumn<bool>("Terminated").ToArray();
        for (var i = 0; i < episode.Length; i++)
        {
            Assert.AreEqual(step[i], (int)observation[i][0], "The observation is the one before the step.");
            Assert.AreEqual(step[i] + 1, (int)next[i][0]);
            Assert.AreEqual(step[i] % 2 == 0 ? 1.0 : 0.0, reward[i], "The policy's action was applied.");
            Assert.AreEqual(next[i][0] >= 3 + next[i][1], terminated[i]);
            if (i > 0 && episode[i] == episode[i - 1])
                CollectionAssert.AreEqual(next[i - 1], observation[i], "Consecutive transitions chain.");
        }
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3 }, episode.Distinct().ToArray());
    }

    [TestMethod]
    public void SameSeedSameRolloutAndSummariesAddUp()
    {
        var ml = new MLContext(seed: 0);
        var a = ml.Synaptic().Data.Record(new Counter(), episodes: 6, seed: 3);
        var b = ml.Synaptic().Data.Record(new Counter(), episodes: 6, seed: 3);
        CollectionAssert.AreEqual(a.Transitions.Select(t => t.Action[0]).ToArray(), b.Transitions.Select(t => t.Action[0]).ToArray());
        CollectionAssert.AreEqual(a.Transitions.Select(t => t.Observation[1]).ToArray(), b.Transitions.Select(t => t.Observation[1]).ToArray());

        var summaries = ml.Synaptic().Data.SummarizeEpisodes(a.ToDataView(ml));
        Assert.AreEqual(6, summaries.Count);
        foreach (var s in summaries)
        {
            var steps = a.Transitions.Where(t => t.Episode == s.Episode).ToArray();
            Assert.AreEqual(steps.Length, s.Length);
            Assert.AreEqual(steps.Sum(t => t.Reward), s.Return);
            Assert.IsTrue(s.Terminated);
        }
        CollectionAssert.AreEqual(summaries.ToArray(), a.Summaries().ToArray());
    }

    [TestMethod]
    public void EpisodeDataRoundTripsThroughMlNetBinaryAndTextSavers()
    {
        var ml = new MLContext(seed: 0);
        var recorded = ml.Synaptic().Data.Record(new TimeLimit(new Counter(), 2), episodes: 3, seed: 1);
        var view = recorded.ToDataView(ml);

        var binary = Path.Combine(Dir, "episodes.idv");
        using (var stream = File.Create(binary))
            ml.Data.SaveAsBinary(view, stream);
        // ML.NET's own text saver (it writes mostly-zero rows in its sparse form) and ours (dense).
        var text = Path.Combine(Dir, "episodes.tsv");
        using (var stream = File.Create(text))
            ml.Data.SaveAsText(view, stream, separatorChar: '\t', headerRow: true, schema: false);
        var dense = Path.Combine(Dir, "episodes-dense.tsv");
        ml.Synaptic().Data.SaveEpisodesAsText(view, dense);
        StringAssert.StartsWith(File.ReadAllLines(dense)[1], "0\t0\t");

        foreach (var loaded in new[] { ml.Data.LoadFromBinary(binary), ml.Synaptic().Data.LoadEpisodesFromText(text, 2, 1), ml.Synaptic().Data.LoadEpisodesFromText(dense, 2, 1) })
        {
            CollectionAssert.AreEqual(view.GetColumn<int>("Episode").ToArray(), loaded.GetColumn<int>("Episode").ToArray());
            CollectionAssert.AreEqual(view.GetColumn<double>("Reward").ToArray(), loaded.GetColumn<double>("Reward").ToArray());
            CollectionAssert.AreEqual(view.GetColumn<bool>("Truncated").ToArray(), loaded.GetColumn<bool>("Truncated").ToArray());
            var expected = view.GetColumn<float[]>("NextObservation").ToArray();
            var actual = loaded.GetColumn<float[]>("NextObservation").ToArray();
            for (var i = 0; i < expected.Length; i++)
                CollectionAssert.AreEqual(expected[i], actual[i]);
        }
        Assert.IsTrue(recorded.Transitions.All(t => t.Step < 2), "The time limit truncates at 2 steps.");
        Assert.IsTrue(recorded.Summaries().All(s => s.Truncated && !s.Terminated));
    }

    [TestMethod]
    public void SavedTextNamesEveryCellAndCarriesTheSizes()
    {
        var ml = new MLContext(seed: 0);
        var view = ml.Synaptic().Data.Record(new Counter(), episodes: 3, seed: 2).ToDataView(ml);
        var path = Path.Combine(Dir, "counter.tsv");
        ml.Synaptic().Data.SaveEpisodesAsText(view, path);

        string[] header = ["Episode", "Step", "Observation[0]", "Observation[1]", "Action[0]", "Reward", "Terminated", "Truncated", "NextObservation[0]", "NextObservation[1]"];
        CollectionAssert.AreEqual(header, File.ReadLines(path).First().Split('\t'));
        var loaded = ml.Synaptic().Data.LoadEpisodesFromText(path);   // the sizes come from the header
        Assert.AreEqual(2, ((VectorDataViewType)loaded.Schema["Observation"].Type).Size);
        Assert.AreEqual(1, ((VectorDataViewType)loaded.Schema["Action"].Type).Size);
        CollectionAssert.AreEqual(ml.Synaptic().Data.SummarizeEpisodes(view).ToArray(), ml.Synaptic().Data.SummarizeEpisodes(loaded).ToArray());
        var expected = view.GetColumn<float[]>("NextObservation").ToArray();
        var actual = loaded.GetColumn<float[]>("NextObservation").ToArray();
        for (var i = 0; i < expected.Length; i++)
            CollectionAssert.AreEqual(expected[i], actual[i]);
    }

    [TestMethod]
    [DataRow(3, 1, "Observation", 2)]
    [DataRow(1, 1, "Observation", 2)]
    [DataRow(2, 2, "Action", 1)]
    public void TextWithOtherSizesThanExpectedIsRefusedNamingFileColumnAndBothSizes(int observationSize, int actionSize, string column, int found)
    {
        var ml = new MLContext(seed: 0);
        var path = Path.Combine(Dir, "counter.tsv");
        ml.Synaptic().Data.SaveEpisodesAsText(ml.Synaptic().Data.Record(new Counter(), episodes: 2, seed: 2).ToDataView(ml), path);

        var error = Assert.ThrowsExactly<InvalidDataException>(() => ml.Synaptic().Data.LoadEpisodesFromText(path, observationSize, actionSize));
        StringAssert.Contains(error.Message, "counter.tsv");
        StringAssert.Contains(error.Message, $"column '{column}' has {found} values");
        StringAssert.Contains(error.Message, $"expected {(column == "Action" ? actionSize : observationSize)}");
    }

    [TestMethod]
    public void TextOfThePreviousVersionWithUnnamedElementsStillLoadsAndIsChecked()
    {
        // The previous SaveEpisodesAsText: ML.NET's dense text saver, whose header has "" for every vector element.
        var ml = new MLContext(seed: 0);
        var view = ml.Synaptic().Data.Record(new Counter(), episodes: 3, seed: 4).ToDataView(ml);
        var path = Path.Combine(Dir, "previous.tsv");
        using (var stream = File.Create(path))
            ml.Data.SaveAsText(view, stream, separatorChar: '\t', headerRow: true, schema: false, forceDense: true);
        StringAssert.StartsWith(File.ReadLines(path).First(), "Episode\tStep\t\"\"\t");

        foreach (var loaded in new[] { ml.Synaptic().Data.LoadEpisodesFromText(path), ml.Synaptic().Data.LoadEpisodesFromText(path, 2, 1) })
            CollectionAssert.AreEqual(ml.Synaptic().Data.SummarizeEpisodes(view).ToArray(), ml.Synaptic().Data.SummarizeEpisodes(loaded).ToArray());
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ml.Synaptic().Data.LoadEpisodesFromText(path, observationSize: 3, actionSize: 1));
        StringAssert.Contains(error.Message, "previous.tsv");
        StringAssert.Contains(error.Message, "column 'Observation' has 2 values");

        // ML.NET's own text saver with its schema comment lines and sparse header.
        var withSchema = Path.Combine(Dir, "mlnet-schema.tsv");
        using (var stream = File.Create(withSchema))
            ml.Data.SaveAsText(view, stream, separatorChar: '\t');
        CollectionAssert.AreEqual(ml.Synaptic().Data.SummarizeEpisodes(view).ToArray(), ml.Synaptic().Data.SummarizeEpisodes(ml.Synaptic().Data.LoadEpisodesFromText(withSchema)).ToArray());
    }

    [TestMethod]
    public void TextRowWithAMissingCellOrAForeignHeaderIsRefused()
    {
        var ml = new MLContext(seed: 0);
        var path = Path.Combine(Dir, "cut.tsv");
        ml.Synaptic().Data.SaveEpisodesAsText(ml.Synaptic().Data.Record(new Counter(), episodes: 1, seed: 2).ToDataView(ml), path);
        var lines = File.ReadAllLines(path);
        lines[2] = lines[2][..lines[2].LastIndexOf('\t')];
        File.WriteAllLines(path, lines);
        var cut = Assert.ThrowsExactly<InvalidDataException>(() => ml.Synaptic().Data.LoadEpisodesFromText(path));
        StringAssert.Contains(cut.Message, "cut.tsv', line 3: 9 cells; its header has 10");

        var foreign = Path.Combine(Dir, "foreign.tsv");
        File.WriteAllLines(foreign, ["Label\tFeatures", "1\t2"]);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ml.Synaptic().Data.LoadEpisodesFromText(foreign));
        StringAssert.Contains(error.Message, "foreign.tsv");
    }

    [TestMethod]
    public void SavingColumnsTheTextCannotHoldIsRefusedNamingThem()
    {
        var ml = new MLContext(seed: 0);
        var view = ml.Synaptic().Data.Record(new Counter(), episodes: 1, seed: 2).ToDataView(ml);
        var extended = ml.Transforms.CopyColumns("Return", "Reward").Fit(view).Transform(view);
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Synaptic().Data.SaveEpisodesAsText(extended, Path.Combine(Dir, "x.tsv")));
        StringAssert.Contains(error.Message, "'Return'");
    }

    [TestMethod]
    public void DataFrameSpreadsVectorColumns()
    {
        var ml = new MLContext(seed: 0);
        var recorded = ml.Synaptic().Data.Record(new Counter(), episodes: 2, seed: 5);
        var frame = recorded.ToDataFrame();
        Assert.AreEqual(recorded.Transitions.Count, frame.Rows.Count);
        CollectionAssert.IsSubsetOf(new[] { "Observation_0", "Observation_1", "Action_0", "NextObservation_1", "Reward" }, frame.Columns.Select(c => c.Name).ToArray());
        Assert.AreEqual(recorded.Transitions[3].NextObservation[0], (float)frame.Columns["NextObservation_0"][3]!);
    }

    [TestMethod]
    public void ARolloutViewReachesTheSameDataFrameThroughTheCatalog()
    {
        var ml = new MLContext(seed: 0);
        var view = ml.Synaptic().Data.Rollout(new Counter(), episodes: 3, seed: 5);
        var recorded = ml.Synaptic().Data.Record(new Counter(), episodes: 3, seed: 5);

        var read = ml.Synaptic().Data.ToEpisodeData(view);
        Assert.AreEqual(2, read.ObservationSize);
        Assert.AreEqual(1, read.ActionSize);
        var expected = recorded.ToDataFrame();
        var frame = read.ToDataFrame();
        CollectionAssert.AreEqual(expected.Columns.Select(c => c.Name).ToArray(), frame.Columns.Select(c => c.Name).ToArray());
        for (var c = 0; c < expected.Columns.Count; c++)
            CollectionAssert.AreEqual(expected.Columns[c].Cast<object>().ToArray(), frame.Columns[c].Cast<object>().ToArray(), expected.Columns[c].Name);
        CollectionAssert.AreEqual(recorded.Summaries().ToArray(), read.Summaries().ToArray());

        // The same from a saved and reloaded view.
        var text = Path.Combine(Dir, "episodes.tsv");
        ml.Synaptic().Data.SaveEpisodesAsText(view, text);
        var reloaded = ml.Synaptic().Data.ToEpisodeData(ml.Synaptic().Data.LoadEpisodesFromText(text, 2, 1));
        CollectionAssert.AreEqual(recorded.Transitions.Select(t => t.NextObservation[1]).ToArray(), reloaded.Transitions.Select(t => t.NextObservation[1]).ToArray());
    }

    [TestMethod]
    public void AViewThatIsNotEpisodeDataIsNamed()
    {
        var ml = new MLContext(seed: 0);
        var missing = Assert.ThrowsExactly<ArgumentException>(() =>
            ml.Synaptic().Data.ToEpisodeData(ml.Data.LoadFromEnumerable(new[] { new { Episode = 0 } })));
        StringAssert.Contains(missing.Message, "no column 'Step'");
        var view = ml.Synaptic().Data.Rollout(new Counter(), episodes: 1);
        var wrongType = ml.Transforms.Conversion.ConvertType("Reward", outputKind: Microsoft.ML.Data.DataKind.Single).Fit(view).Transform(view);
        var typed = Assert.ThrowsExactly<ArgumentException>(() => ml.Synaptic().Data.ToEpisodeData(wrongType));
        StringAssert.Contains(typed.Message, "Column 'Reward' of the episode view is Single; episode data needs Double.");
    }

    [TestMethod]
    public void BadArgumentsAreRefused()
    {
        var ml = new MLContext(seed: 0);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Synaptic().Data.Rollout(new Counter(), episodes: -1));
        var missing = Assert.ThrowsExactly<FileNotFoundException>(() => ml.Synaptic().Data.LoadEpisodesFromText(Path.Combine(Dir, "none.tsv"), 2, 1));
        StringAssert.Contains(missing.Message, "none.tsv");
    }
}
