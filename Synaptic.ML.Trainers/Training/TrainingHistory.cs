using Microsoft.Data.Analysis;
using Microsoft.ML;
using Synaptic.ML.Plotting;

namespace Synaptic.ML.Trainers;

/// <summary>
/// What happened during training: every finished episode and every update. Read it as an
/// <see cref="IDataView"/> (<see cref="ToDataView"/>), a <see cref="DataFrame"/> (<see cref="ToDataFrame"/>), or
/// draw the learning curve (<see cref="SaveLearningCurve"/>). It is saved with the policy.
/// </summary>
public sealed class TrainingHistory
{
    private readonly List<EpisodeRecord> _episodes = [];
    private readonly List<UpdateRecord> _updates = [];

    /// <summary>Finished episodes in order of completion.</summary>
    public IReadOnlyList<EpisodeRecord> Episodes => _episodes;

    /// <summary>Updates in order.</summary>
    public IReadOnlyList<UpdateRecord> Updates => _updates;

    /// <summary>Evaluations made during training: (environment steps, wall seconds, mean return).</summary>
    public IEnumerable<(long EnvironmentSteps, double WallSeconds, double MeanReturn)> Evaluations =>
        _updates.Where(u => u.EvaluationReturn.HasValue).Select(u => (u.EnvironmentSteps, u.WallSeconds, u.EvaluationReturn!.Value));

    internal void Add(EpisodeRecord episode) => _episodes.Add(episode);

    internal void Add(UpdateRecord update) => _updates.Add(update);

    /// <summary>One row per episode, with the losses and entropy of the last update before it ended.</summary>
    /// <param name="context">The ML.NET context.</param>
    /// <returns>Columns Episode, Return, Length, EnvironmentSteps, WallSeconds, Update, PolicyLoss, ValueLoss, Entropy.</returns>
    public IDataView ToDataView(MLContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Data.LoadFromEnumerable(Rows().ToList());
    }

    /// <summary>One row per update, as an <see cref="IDataView"/>.</summary>
    /// <param name="context">The ML.NET context.</param>
    /// <returns>The updates (the evaluation return is NaN where none ran).</returns>
    public IDataView UpdatesToDataView(MLContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Data.LoadFromEnumerable(_updates.Select(u => new UpdateRow(u)).ToList());
    }

    /// <summary>The episodes as a <see cref="DataFrame"/> (same columns as <see cref="ToDataView"/>).</summary>
    /// <returns>The data frame.</returns>
    public DataFrame ToDataFrame()
    {
        var rows = Rows().ToList();
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
    /// Writes the learning curve to a PNG: episode returns and their moving average against environment steps,
    /// and the evaluation means when evaluations ran.
    /// </summary>
    /// <param name="path">The PNG file.</param>
    /// <param name="title">Title of the plot.</param>
    /// <param name="window">Episodes in the moving average. Default 20.</param>
    /// <exception cref="InvalidOperationException">No episode finished.</exception>
    public void SaveLearningCurve(string path, string title = "Learning curve", int window = 20)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        if (_episodes.Count == 0)
            throw new InvalidOperationException("No episode finished during training, so there is no learning curve to draw.");
        var x = _episodes.Select(e => (double)e.EnvironmentSteps).ToArray();
        var returns = _episodes.Select(e => e.Return).ToArray();
        var average = MovingAverage.Of(returns, window);
        var series = new List<LineSeries>
        {
            new("Episode return", x, returns),
            new($"Mean of last {window}", x, average),
        };
        var evaluations = Evaluations.ToList();
        if (evaluations.Count > 0)
            series.Add(new("Evaluation (deterministic)", evaluations.Select(e => (double)e.EnvironmentSteps).ToArray(), evaluations.Select(e => e.MeanReturn).ToArray()));
        LinePlot.SavePng(path, series, title, "Environment steps", "Return");
    }

    internal void Write(BinaryWriter writer)
    {
        writer.Write(_episodes.Count);
        foreach (var e in _episodes)
        {
            writer.Write(e.Episode);
            writer.Write(e.Return);
            writer.Write(e.Length);
            writer.Write(e.EnvironmentSteps);
            writer.Write(e.WallSeconds);
            writer.Write(e.Update);
        }
        writer.Write(_updates.Count);
        foreach (var u in _updates)
        {
            writer.Write(u.Update);
            writer.Write(u.EnvironmentSteps);
            writer.Write(u.WallSeconds);
            writer.Write(u.PolicyLoss);
            writer.Write(u.ValueLoss);
            writer.Write(u.Entropy);
            writer.Write(u.ApproximateKl);
            writer.Write(u.ClipFraction);
            writer.Write(u.LearningRate);
            writer.Write(u.EvaluationReturn ?? double.NaN);
        }
    }

    internal static TrainingHistory Read(BinaryReader reader)
    {
        var history = new TrainingHistory();
        var episodes = ReadCount(reader, "episodes");
        for (var i = 0; i < episodes; i++)
            history.Add(new EpisodeRecord(reader.ReadInt32(), reader.ReadDouble(), reader.ReadInt32(), reader.ReadInt64(), reader.ReadDouble(), reader.ReadInt32()));
        var updates = ReadCount(reader, "updates");
        for (var i = 0; i < updates; i++)
        {
            var record = new UpdateRecord(reader.ReadInt32(), reader.ReadInt64(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(),
                reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble());
            history.Add(record with { EvaluationReturn = double.IsNaN(record.EvaluationReturn!.Value) ? null : record.EvaluationReturn });
        }
        return history;
    }

    private static int ReadCount(BinaryReader reader, string what)
    {
        var count = reader.ReadInt32();
        return count is >= 0 and <= 100_000_000 ? count : throw new InvalidDataException($"The training history has {count} {what}.");
    }

    private IEnumerable<TrainingHistoryRow> Rows()
    {
        var u = 0;
        UpdateRecord? last = null;
        foreach (var e in _episodes)
        {
            while (u < _updates.Count && _updates[u].Update <= e.Update)
                last = _updates[u++];
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
