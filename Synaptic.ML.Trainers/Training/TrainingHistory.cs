using Microsoft.Data.Analysis;
using Microsoft.ML;
using Synaptic.ML.Persistence;
using Synaptic.ML.Plotting;

namespace Synaptic.ML.Trainers;

/// <summary>
/// What happened during training, as keyed metrics by step: every row holds the metrics a trainer recorded
/// together (an update's losses, a finished episode's return, an evaluation), under keys such as
/// <c>train/approx_kl</c>, <c>rollout/episode_return</c> or <c>eval/mean_return</c> (<see cref="MetricKeys"/>).
/// Read one metric with <see cref="Series"/>, all of them as an <see cref="IDataView"/>
/// (<see cref="MetricsToDataView"/>) or a <see cref="DataFrame"/> (<see cref="MetricsToDataFrame"/>), plot them
/// (<see cref="SaveLearningCurve"/>, <see cref="SavePlot"/>). It is saved with the model, with a format version.
/// Reinforcement-learning histories also read as episodes and updates (<see cref="Episodes"/>, <see cref="Updates"/>).
/// </summary>
public sealed class TrainingHistory
{
    private const int FormatVersion = 2;
    private readonly List<MetricRow> _rows = [];
    private readonly List<string> _keys = [];
    private readonly HashSet<string> _keySet = new(StringComparer.Ordinal);
    private List<EpisodeRecord>? _episodes;
    private List<UpdateRecord>? _updates;

    /// <summary>Every row in the order recorded.</summary>
    public IReadOnlyList<MetricRow> Rows => _rows;

    /// <summary>Every metric key, in the order first recorded.</summary>
    public IReadOnlyList<string> Keys => _keys;

    /// <summary>Whether any row records <paramref name="key"/>.</summary>
    /// <param name="key">The metric key.</param>
    /// <returns>True when the metric was recorded.</returns>
    public bool Contains(string key) => _keySet.Contains(key);

    /// <summary>One metric over training: the steps at which it was recorded, and its values.</summary>
    /// <param name="key">The metric key.</param>
    /// <returns>The steps and values (empty when the metric was never recorded).</returns>
    public (long[] Steps, double[] Values) Series(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var rows = _rows.Where(r => r.Values.ContainsKey(key)).ToArray();
        return (rows.Select(r => r.Step).ToArray(), rows.Select(r => r.Values[key]).ToArray());
    }

    /// <summary>Finished training episodes in order of completion (environment trainers).</summary>
    public IReadOnlyList<EpisodeRecord> Episodes => _episodes ??= _rows.Where(r => r.Kind == MetricRowKind.Episode)
        .Select(r => new EpisodeRecord((int)r[MetricKeys.Episode], r[MetricKeys.EpisodeReturn], (int)r[MetricKeys.EpisodeLength], r.Step,
            r[MetricKeys.Seconds], (int)r[MetricKeys.Updates]))
        .ToList();

    /// <summary>Updates in order (on-policy trainers); metrics a trainer did not record are NaN.</summary>
    public IReadOnlyList<UpdateRecord> Updates => _updates ??= _rows.Where(r => r.Kind == MetricRowKind.Iteration && r.Values.ContainsKey(MetricKeys.Updates))
        .Select(r => new UpdateRecord((int)r[MetricKeys.Updates], r.Step, r[MetricKeys.Seconds], r[MetricKeys.PolicyLoss], r[MetricKeys.ValueLoss],
            r[MetricKeys.Entropy], r[MetricKeys.ApproximateKl], r[MetricKeys.ClipFraction], r[MetricKeys.LearningRate],
            r.Values.TryGetValue(MetricKeys.EvaluationMeanReturn, out var e) ? e : null))
        .ToList();

    /// <summary>Evaluations made during training: (environment steps, wall seconds, mean return).</summary>
    public IEnumerable<(long EnvironmentSteps, double WallSeconds, double MeanReturn)> Evaluations =>
        Updates.Where(u => u.EvaluationReturn.HasValue).Select(u => (u.EnvironmentSteps, u.WallSeconds, u.EvaluationReturn!.Value));

    internal void Add(MetricRow row)
    {
        _rows.Add(row);
        foreach (var key in row.Values.Keys)
        {
            if (_keySet.Add(key))
                _keys.Add(key);
        }
        _episodes = null;
        _updates = null;
    }

    /// <summary>Every row as an <see cref="IDataView"/>: columns Kind (text), Step and one Double column per metric key (NaN where a row does not record it).</summary>
    /// <param name="context">The ML.NET context.</param>
    /// <returns>The view.</returns>
    public IDataView MetricsToDataView(MLContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return MetricsToDataFrame();
    }

    /// <summary>Every row as a <see cref="DataFrame"/> (same columns as <see cref="MetricsToDataView"/>).</summary>
    /// <returns>The data frame.</returns>
    public DataFrame MetricsToDataFrame()
    {
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("Kind", _rows.Select(r => r.Kind.ToString())),
            new Int64DataFrameColumn("Step", _rows.Select(r => r.Step)),
        };
        columns.AddRange(_keys.Select(k => new DoubleDataFrameColumn(k, _rows.Select(r => r[k]))));
        return new DataFrame(columns);
    }

    /// <summary>One row per finished episode, with the losses and entropy of the last update before it ended.</summary>
    /// <param name="context">The ML.NET context.</param>
    /// <returns>Columns Episode, Return, Length, EnvironmentSteps, WallSeconds, Update, PolicyLoss, ValueLoss, Entropy.</returns>
    public IDataView ToDataView(MLContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Data.LoadFromEnumerable(EpisodeRows().ToList());
    }

    /// <summary>One row per update, as an <see cref="IDataView"/>.</summary>
    /// <param name="context">The ML.NET context.</param>
    /// <returns>The updates (the evaluation return is NaN where none ran).</returns>
    public IDataView UpdatesToDataView(MLContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Data.LoadFromEnumerable(Updates.Select(u => new UpdateRow(u)).ToList());
    }

    /// <summary>The episodes as a <see cref="DataFrame"/> (same columns as <see cref="ToDataView"/>).</summary>
    /// <returns>The data frame.</returns>
    public DataFrame ToDataFrame()
    {
        var rows = EpisodeRows().ToList();
        return new DataFrame(
            new Int32DataFrameColumn("Episode", rows.Select(r => r.Episode)),
            new DoubleDataFrameColumn("Return", rows.Select(r => r.Return)),
            new Int32DataFrameColumn("Length", rows.Select(r => r.Length)),
            new Int64DataFrameColumn("EnvironmentSteps", rows.Select(r => r.EnvironmentSteps)),
            new DoubleDataFrameColumn("WallSeconds", rows.Select(r => r.WallSeconds)),
            new Int32DataFrameColumn("Update", rows.Select(r => r.Update)),
            new DoubleDataFrameColumn("PolicyLoss", rows.Select(r => r.PolicyLoss)),
            new DoubleDataFrameColumn("ValueLoss", rows.Select(r => r.ValueLoss)),
            new DoubleDataFrameColumn("Entropy", rows.Select(r => r.Entropy)));
    }

    /// <summary>
    /// Writes the learning curve to a PNG. With finished episodes (reinforcement learning): episode returns and
    /// their moving average against environment steps, and the evaluation means. Otherwise (episodic and
    /// supervised training): the moving mean of the training accuracy and the validations.
    /// </summary>
    /// <param name="path">The PNG file.</param>
    /// <param name="title">Title of the plot.</param>
    /// <param name="window">Points in the moving average. Default 20.</param>
    /// <exception cref="InvalidOperationException">Nothing was recorded that the curve could show.</exception>
    public void SaveLearningCurve(string path, string title = "Learning curve", int window = 20)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        var episodes = Episodes;
        if (episodes.Count > 0)
        {
            var x = episodes.Select(e => (double)e.EnvironmentSteps).ToArray();
            var returns = episodes.Select(e => e.Return).ToArray();
            var series = new List<LineSeries>
            {
                new("Episode return", x, returns),
                new($"Mean of last {window}", x, MovingAverage.Of(returns, window)),
            };
            var evaluations = Evaluations.ToList();
            if (evaluations.Count > 0)
                series.Add(new("Evaluation (deterministic)", evaluations.Select(e => (double)e.EnvironmentSteps).ToArray(), evaluations.Select(e => e.MeanReturn).ToArray()));
            LinePlot.SavePng(path, series, title, "Environment steps", "Return");
            return;
        }
        var (steps, accuracy) = Series(MetricKeys.Accuracy);
        if (steps.Length == 0)
            throw new InvalidOperationException("No episode finished and no training accuracy was recorded, so there is no learning curve to draw.");
        var curves = new List<LineSeries> { new($"Training accuracy, mean of {window}", steps.Select(s => (double)s).ToArray(), MovingAverage.Of(accuracy, window)) };
        var (validationSteps, validations) = Series(MetricKeys.EvaluationAccuracy);
        if (validationSteps.Length > 0)
            curves.Add(new("Validation accuracy", validationSteps.Select(s => (double)s).ToArray(), validations));
        LinePlot.SavePng(path, curves, title, "Episode", "Accuracy");
    }

    /// <summary>Plots the given metrics against the step (one line each) to a PNG.</summary>
    /// <param name="path">The PNG file.</param>
    /// <param name="keys">The metric keys.</param>
    /// <param name="title">Title of the plot.</param>
    /// <exception cref="ArgumentException">A key was never recorded (the message lists the recorded ones).</exception>
    public void SavePlot(string path, IReadOnlyList<string> keys, string title = "Training metrics")
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
            throw new ArgumentException("Name at least one metric to plot.", nameof(keys));
        var series = new List<LineSeries>();
        foreach (var key in keys)
        {
            if (!Contains(key))
                throw new ArgumentException($"Metric '{key}' was not recorded; this history has {string.Join(", ", _keys)}.", nameof(keys));
            var (steps, values) = Series(key);
            series.Add(new(key, steps.Select(s => (double)s).ToArray(), values));
        }
        LinePlot.SavePng(path, series, title, "Step", "Value");
    }

    internal void Write(BinaryWriter writer)
    {
        writer.Write(FormatVersion);
        writer.Write(_keys.Count);
        foreach (var key in _keys)
            writer.Write(key);
        var index = _keys.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => p.i, StringComparer.Ordinal);
        writer.Write(_rows.Count);
        foreach (var row in _rows)
        {
            writer.Write((byte)row.Kind);
            writer.Write(row.Step);
            writer.Write(row.Values.Count);
            foreach (var (key, value) in row.Values)
            {
                writer.Write(index[key]);
                writer.Write(value);
            }
        }
    }

    /// <summary>Writes a model's history, if it has one, as a flag and a "TrainingHistory" stream (what <see cref="ReadOptional"/> reads).</summary>
    internal static void WriteOptional(SynapticModelWriter writer, TrainingHistory? history)
    {
        writer.Writer.Write(history is not null);
        if (history is not null)
            writer.WriteStream("TrainingHistory", history.Write);
    }

    /// <summary>Reads what <see cref="WriteOptional"/> wrote; <paramref name="read"/> reads the stream (default: the current layout).</summary>
    internal static TrainingHistory? ReadOptional(SynapticModelReader reader, Func<BinaryReader, TrainingHistory>? read = null)
    {
        if (!reader.Reader.ReadBoolean())
            return null;
        TrainingHistory? history = null;
        reader.ReadStream("TrainingHistory", r => history = (read ?? Read)(r));
        return history;
    }

    internal static TrainingHistory Read(BinaryReader reader)
    {
        var history = new TrainingHistory();
        history.ReadFrom(reader);
        return history;
    }

    /// <summary>Appends the rows that <see cref="Write"/> wrote.</summary>
    internal void ReadFrom(BinaryReader reader)
    {
        var version = reader.ReadInt32();
        if (version != FormatVersion)
            throw new InvalidDataException($"The training history has format version {version}; this Synaptic.ML reads version {FormatVersion}.");
        var keys = new string[ReadCount(reader, "metric keys")];
        for (var i = 0; i < keys.Length; i++)
            keys[i] = reader.ReadString();
        var rows = ReadCount(reader, "rows");
        for (var r = 0; r < rows; r++)
        {
            var kind = (MetricRowKind)reader.ReadByte();
            if (!Enum.IsDefined(kind))
                throw new InvalidDataException($"Training-history row {r} has kind {(int)kind}.");
            var step = reader.ReadInt64();
            var count = ReadCount(reader, "values in a row");
            var values = new Dictionary<string, double>(count, StringComparer.Ordinal);
            for (var v = 0; v < count; v++)
            {
                var key = reader.ReadInt32();
                if (key < 0 || key >= keys.Length)
                    throw new InvalidDataException($"Training-history row {r} names metric {key}; there are {keys.Length}.");
                values[keys[key]] = reader.ReadDouble();
            }
            Add(new MetricRow(kind, step, values));
        }
    }

    /// <summary>Reads the history of a policy saved before keyed metrics (policy format 0x00010001): fixed episode and update records.</summary>
    internal static TrainingHistory ReadEpisodesAndUpdates(BinaryReader reader)
    {
        var history = new TrainingHistory();
        var episodes = ReadCount(reader, "episodes");
        for (var i = 0; i < episodes; i++)
            history.AddEpisode(new EpisodeRecord(reader.ReadInt32(), reader.ReadDouble(), reader.ReadInt32(), reader.ReadInt64(), reader.ReadDouble(), reader.ReadInt32()));
        var updates = ReadCount(reader, "updates");
        for (var i = 0; i < updates; i++)
        {
            var record = new UpdateRecord(reader.ReadInt32(), reader.ReadInt64(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(),
                reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble());
            history.AddUpdate(record with { EvaluationReturn = double.IsNaN(record.EvaluationReturn!.Value) ? null : record.EvaluationReturn });
        }
        return history;
    }

    /// <summary>Reads the history of a few-shot featurizer saved before keyed metrics (format 0x00010001): episodes and validations.</summary>
    internal static TrainingHistory ReadFewShotEpisodes(BinaryReader reader)
    {
        var episodes = new List<(int Episode, double Loss, double Accuracy, double Seconds)>();
        var count = ReadCount(reader, "episodes");
        for (var i = 0; i < count; i++)
            episodes.Add((reader.ReadInt32(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble()));
        var validations = new Dictionary<int, double>();
        count = ReadCount(reader, "validations");
        for (var i = 0; i < count; i++)
            validations[reader.ReadInt32()] = reader.ReadDouble();
        var history = new TrainingHistory();
        foreach (var (episode, loss, accuracy, seconds) in episodes)
        {
            var values = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                [MetricKeys.Loss] = loss,
                [MetricKeys.Accuracy] = accuracy,
                [MetricKeys.Seconds] = seconds,
            };
            if (validations.TryGetValue(episode + 1, out var validation))
                values[MetricKeys.EvaluationAccuracy] = validation;
            history.Add(new MetricRow(MetricRowKind.Iteration, episode + 1, values));
        }
        return history;
    }

    /// <summary>
    /// Adds a finished training episode; <paramref name="curriculumPhase"/>, when given, is the curriculum phase it was
    /// played in, and <paramref name="extra"/> a learner's own metrics of the episode (e.g. <see cref="MetricKeys.WeightChange"/>).
    /// </summary>
    internal void AddEpisode(EpisodeRecord e, int? curriculumPhase = null, IEnumerable<KeyValuePair<string, double>>? extra = null)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [MetricKeys.Episode] = e.Episode,
            [MetricKeys.EpisodeReturn] = e.Return,
            [MetricKeys.EpisodeLength] = e.Length,
            [MetricKeys.Seconds] = e.WallSeconds,
            [MetricKeys.Updates] = e.Update,
        };
        if (curriculumPhase is int phase)
            values[MetricKeys.CurriculumPhase] = phase;
        if (extra is not null)
        {
            foreach (var (key, value) in extra)
                values[key] = value;
        }
        Add(new MetricRow(MetricRowKind.Episode, e.EnvironmentSteps, values));
    }

    private void AddUpdate(UpdateRecord u)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [MetricKeys.Updates] = u.Update,
            [MetricKeys.Seconds] = u.WallSeconds,
        };
        void Set(string key, double value)
        {
            if (!double.IsNaN(value))
                values[key] = value;
        }
        Set(MetricKeys.PolicyLoss, u.PolicyLoss);
        Set(MetricKeys.ValueLoss, u.ValueLoss);
        Set(MetricKeys.Entropy, u.Entropy);
        Set(MetricKeys.ApproximateKl, u.ApproximateKl);
        Set(MetricKeys.ClipFraction, u.ClipFraction);
        Set(MetricKeys.LearningRate, u.LearningRate);
        if (u.EvaluationReturn is double evaluation)
            values[MetricKeys.EvaluationMeanReturn] = evaluation;
        Add(new MetricRow(MetricRowKind.Iteration, u.EnvironmentSteps, values));
    }

    private static int ReadCount(BinaryReader reader, string what)
    {
        var count = reader.ReadInt32();
        return count is >= 0 and <= 100_000_000 ? count : throw new InvalidDataException($"The training history has {count} {what}.");
    }

    private IEnumerable<TrainingHistoryRow> EpisodeRows()
    {
        var updates = Updates;
        var u = 0;
        UpdateRecord? last = null;
        foreach (var e in Episodes)
        {
            while (u < updates.Count && updates[u].Update <= e.Update)
                last = updates[u++];
            yield return new TrainingHistoryRow
            {
                Episode = e.Episode,
                Return = e.Return,
                Length = e.Length,
                EnvironmentSteps = e.EnvironmentSteps,
                WallSeconds = e.WallSeconds,
                Update = e.Update,
                PolicyLoss = last?.PolicyLoss ?? double.NaN,
                ValueLoss = last?.ValueLoss ?? double.NaN,
                Entropy = last?.Entropy ?? double.NaN,
            };
        }
    }

    private sealed class UpdateRow(UpdateRecord record)
    {
        public int Update { get; set; } = record.Update;

        public long EnvironmentSteps { get; set; } = record.EnvironmentSteps;

        public double WallSeconds { get; set; } = record.WallSeconds;

        public double PolicyLoss { get; set; } = record.PolicyLoss;

        public double ValueLoss { get; set; } = record.ValueLoss;

        public double Entropy { get; set; } = record.Entropy;

        public double ApproximateKl { get; set; } = record.ApproximateKl;

        public double ClipFraction { get; set; } = record.ClipFraction;

        public double LearningRate { get; set; } = record.LearningRate;

        public double EvaluationReturn { get; set; } = record.EvaluationReturn ?? double.NaN;
    }
}
