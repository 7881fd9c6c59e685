using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Synaptic.ML.Environments;

/// <summary>
/// Transitions recorded from an environment, one row per step, with the columns
/// <c>Episode</c>, <c>Step</c>, <c>Observation</c>, <c>Action</c>, <c>Reward</c>, <c>Terminated</c>,
/// <c>Truncated</c>, <c>NextObservation</c>; convertible to an <see cref="IDataView"/> (save it with
/// ML.NET's binary or text savers) and to a <see cref="DataFrame"/>.
/// </summary>
public sealed class EpisodeData
{
    /// <summary>Column names of episode data.</summary>
    public static class Columns
    {
        /// <summary>Episode index (Int32).</summary>
        public const string Episode = nameof(Episode);

        /// <summary>Step index within the episode (Int32).</summary>
        public const string Step = nameof(Step);

        /// <summary>Observation before the step (Single vector).</summary>
        public const string Observation = nameof(Observation);

        /// <summary>Action taken (Single vector).</summary>
        public const string Action = nameof(Action);

        /// <summary>Reward (Double).</summary>
        public const string Reward = nameof(Reward);

        /// <summary>Whether the step terminated the task (Boolean).</summary>
        public const string Terminated = nameof(Terminated);

        /// <summary>Whether the step was cut short (Boolean).</summary>
        public const string Truncated = nameof(Truncated);

        /// <summary>Observation after the step (Single vector).</summary>
        public const string NextObservation = nameof(NextObservation);
    }

    /// <summary>One transition, the row type of the <see cref="IDataView"/>.</summary>
    public sealed class Transition
    {
        /// <summary>Episode index.</summary>
        public int Episode { get; set; }

        /// <summary>Step index within the episode.</summary>
        public int Step { get; set; }

        /// <summary>Observation before the step.</summary>
        public float[] Observation { get; set; } = [];

        /// <summary>Action taken.</summary>
        public float[] Action { get; set; } = [];

        /// <summary>Reward.</summary>
        public double Reward { get; set; }

        /// <summary>Whether the step terminated the task.</summary>
        public bool Terminated { get; set; }

        /// <summary>Whether the step was cut short.</summary>
        public bool Truncated { get; set; }

        /// <summary>Observation after the step.</summary>
        public float[] NextObservation { get; set; } = [];
    }

    internal EpisodeData(int observationSize, int actionSize, IReadOnlyList<Transition> transitions)
    {
        ObservationSize = observationSize;
        ActionSize = actionSize;
        Transitions = transitions;
    }

    /// <summary>Floats per observation.</summary>
    public int ObservationSize { get; }

    /// <summary>Floats per action.</summary>
    public int ActionSize { get; }

    /// <summary>The transitions in order.</summary>
    public IReadOnlyList<Transition> Transitions { get; }

    /// <summary>The schema definition that gives the vector columns their sizes.</summary>
    /// <param name="observationSize">Floats per observation.</param>
    /// <param name="actionSize">Floats per action.</param>
    /// <returns>A schema definition for <see cref="Transition"/>.</returns>
    public static SchemaDefinition Schema(int observationSize, int actionSize)
    {
        var schema = SchemaDefinition.Create(typeof(Transition));
        schema[Columns.Observation].ColumnType = new VectorDataViewType(NumberDataViewType.Single, observationSize);
        schema[Columns.NextObservation].ColumnType = new VectorDataViewType(NumberDataViewType.Single, observationSize);
        schema[Columns.Action].ColumnType = new VectorDataViewType(NumberDataViewType.Single, actionSize);
        return schema;
    }

    /// <summary>The transitions as an <see cref="IDataView"/> with fixed-size vector columns.</summary>
    /// <param name="context">The ML.NET context.</param>
    /// <returns>The data view.</returns>
    public IDataView ToDataView(MLContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Data.LoadFromEnumerable(Transitions, Schema(ObservationSize, ActionSize));
    }

    /// <summary>
    /// The transitions as a <see cref="DataFrame"/>: scalar columns as they are, vector columns
    /// spread into one column per element (<c>Observation_0</c>, …).
    /// </summary>
    /// <returns>The data frame.</returns>
    public DataFrame ToDataFrame()
    {
        var columns = new List<DataFrameColumn>
        {
            new Int32DataFrameColumn(Columns.Episode, Transitions.Select(t => t.Episode)),
            new Int32DataFrameColumn(Columns.Step, Transitions.Select(t => t.Step)),
        };
        columns.AddRange(Spread(Columns.Observation, ObservationSize, t => t.Observation));
        columns.AddRange(Spread(Columns.Action, ActionSize, t => t.Action));
        columns.Add(new DoubleDataFrameColumn(Columns.Reward, Transitions.Select(t => t.Reward)));
        columns.Add(new BooleanDataFrameColumn(Columns.Terminated, Transitions.Select(t => t.Terminated)));
        columns.Add(new BooleanDataFrameColumn(Columns.Truncated, Transitions.Select(t => t.Truncated)));
        columns.AddRange(Spread(Columns.NextObservation, ObservationSize, t => t.NextObservation));
        return new DataFrame(columns);
    }

    /// <summary>Return, length and ending of every episode, in order.</summary>
    /// <returns>One summary per episode.</returns>
    public IReadOnlyList<EpisodeSummary> Summaries() => Summarize(Transitions);

    internal static IReadOnlyList<EpisodeSummary> Summarize(IEnumerable<Transition> transitions) =>
        transitions.GroupBy(t => t.Episode)
            .Select(g => new EpisodeSummary(g.Key, g.Sum(t => t.Reward), g.Count(), g.Last().Terminated, g.Last().Truncated))
            .ToArray();

    private IEnumerable<DataFrameColumn> Spread(string name, int size, Func<Transition, float[]> values) =>
        Enumerable.Range(0, size).Select(i => (DataFrameColumn)new SingleDataFrameColumn($"{name}_{i}", Transitions.Select(t => values(t)[i])));
}
