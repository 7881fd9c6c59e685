using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Environments;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Transitions read from a data view with the columns of episode data (<c>Rollout</c>'s views have them):
/// Observation, Action, Reward, NextObservation and Terminated. The action may be a Single vector of one value,
/// a Single or an Int32 (as a policy transformer appends it); the reward a Double or a Single. Every row is checked:
/// the message names the column, the row and the value.
/// </summary>
internal sealed class LoggedTransitions
{
    /// <summary>The columns read besides the observation column.</summary>
    public static readonly string[] Columns =
        [EpisodeData.Columns.Action, EpisodeData.Columns.Reward, EpisodeData.Columns.NextObservation, EpisodeData.Columns.Terminated];

    private LoggedTransitions(int observationSize, float[] observations, int[] actions, float[] rewards, float[] nextObservations, bool[] terminated)
    {
        ObservationSize = observationSize;
        Observations = observations;
        Actions = actions;
        Rewards = rewards;
        NextObservations = nextObservations;
        Terminated = terminated;
    }

    public int ObservationSize { get; }

    public int Count => Actions.Length;

    public float[] Observations { get; }

    public int[] Actions { get; }

    public float[] Rewards { get; }

    public float[] NextObservations { get; }

    public bool[] Terminated { get; }

    /// <summary>
    /// Whether transition <paramref name="row"/> ends its episode: it is terminal, it is the last row, or the next row
    /// does not start from its next observation (a truncation, or the next episode of the log).
    /// </summary>
    public bool EndsEpisode(int row)
    {
        if (Terminated[row] || row == Count - 1)
            return true;
        var n = ObservationSize;
        return !NextObservations.AsSpan(row * n, n).SequenceEqual(Observations.AsSpan((row + 1) * n, n));
    }

    /// <summary>Whether the view has any of the transition columns (then it must have them all).</summary>
    public static bool HasAny(DataViewSchema schema) => Columns.Any(c => schema.GetColumnOrNull(c) is not null);

    /// <summary>Reads and checks every row.</summary>
    /// <param name="input">The view.</param>
    /// <param name="observationColumn">The observation column's name.</param>
    /// <param name="observationSize">Floats per observation.</param>
    /// <param name="actions">The discrete action space the actions must lie in.</param>
    /// <param name="trainer">The trainer's name, for messages.</param>
    public static LoggedTransitions Read(IDataView input, string observationColumn, int observationSize, DiscreteSpace actions, string trainer)
    {
        var schema = input.Schema;
        var missing = Columns.Where(c => schema.GetColumnOrNull(c) is null).ToArray();
        if (missing.Length > 0)
            throw new ArgumentOutOfRangeException(nameof(input),
                $"{trainer}: the transitions lack the column{(missing.Length > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => $"'{m}'"))} " +
                $"(a view of transitions has {observationColumn}, {string.Join(", ", Columns)}; columns present: {string.Join(", ", schema.Select(c => c.Name))}).");
        var observation = schema[observationColumn];
        var next = schema[EpisodeData.Columns.NextObservation];
        if (next.Type is not VectorDataViewType { ItemType: NumberDataViewType nextItem, Size: var nextSize } || nextItem != NumberDataViewType.Single || nextSize != observationSize)
            throw new ArgumentOutOfRangeException(nameof(input),
                $"{trainer}: column '{next.Name}' must be a vector of {observationSize} Single values, as the observations; it is {next.Type}.");
        var action = schema[EpisodeData.Columns.Action];
        var reward = schema[EpisodeData.Columns.Reward];
        var terminated = schema[EpisodeData.Columns.Terminated];
        if (terminated.Type != BooleanDataViewType.Instance)
            throw new ArgumentOutOfRangeException(nameof(input), $"{trainer}: column '{terminated.Name}' must be Boolean; it is {terminated.Type}.");
        if (reward.Type != NumberDataViewType.Double && reward.Type != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(input), $"{trainer}: column '{reward.Name}' must be Double or Single; it is {reward.Type}.");
        var actionKind = action.Type switch
        {
            VectorDataViewType { ItemType: NumberDataViewType item, Size: 1 } when item == NumberDataViewType.Single => 0,
            var t when t == NumberDataViewType.Single => 1,
            var t when t == NumberDataViewType.Int32 => 2,
            _ => throw new ArgumentOutOfRangeException(nameof(input),
                $"{trainer}: column '{action.Name}' must hold one discrete action per row (a Single vector of size 1, a Single or an Int32); it is {action.Type}."),
        };

        var observations = new List<float>();
        var nextObservations = new List<float>();
        var actionList = new List<int>();
        var rewards = new List<float>();
        var terminals = new List<bool>();
        using var cursor = input.GetRowCursor([observation, next, action, reward, terminated]);
        var getObservation = cursor.GetGetter<VBuffer<float>>(observation);
        var getNext = cursor.GetGetter<VBuffer<float>>(next);
        var getTerminated = cursor.GetGetter<bool>(terminated);
        ValueGetter<double> getReward = reward.Type == NumberDataViewType.Double
            ? cursor.GetGetter<double>(reward)
            : Widen(cursor.GetGetter<float>(reward));
        ValueGetter<double> getAction = actionKind switch
        {
            0 => First(cursor.GetGetter<VBuffer<float>>(action)),
            1 => Widen(cursor.GetGetter<float>(action)),
            _ => Widen(cursor.GetGetter<int>(action)),
        };
        VBuffer<float> buffer = default;
        long row = 0;
        while (cursor.MoveNext())
        {
            getObservation(ref buffer);
            AddFinite(buffer, observations, observation.Name, row, trainer);
            getNext(ref buffer);
            AddFinite(buffer, nextObservations, next.Name, row, trainer);
            double a = 0, r = 0;
            getAction(ref a);
            var index = a - actions.Start;
            if (!(index >= 0 && index < actions.N && index == Math.Floor(index)))
                throw new ArgumentOutOfRangeException(nameof(input), a,
                    $"{trainer}: column '{action.Name}' row {row} holds the action {a}, which is outside the action space {actions} (integers {actions.Start} to {actions.Start + actions.N - 1}).");
            actionList.Add((int)index);
            getReward(ref r);
            if (!double.IsFinite(r))
                throw new ArgumentOutOfRangeException(nameof(input), r, $"{trainer}: column '{reward.Name}' row {row} holds the reward {r}; rewards must be finite.");
            rewards.Add((float)r);
            var done = false;
            getTerminated(ref done);
            terminals.Add(done);
            row++;
        }
        return new LoggedTransitions(observationSize, [.. observations], [.. actionList], [.. rewards], [.. nextObservations], [.. terminals]);
    }

    private static void AddFinite(in VBuffer<float> values, List<float> destination, string column, long row, string trainer)
    {
        var i = 0;
        foreach (var value in values.DenseValues())
        {
            if (!float.IsFinite(value))
                throw new ArgumentOutOfRangeException(column, value, $"{trainer}: column '{column}' row {row} holds {value} at index {i}; observations must be finite.");
            destination.Add(value);
            i++;
        }
    }

    private static ValueGetter<double> Widen(ValueGetter<float> getter) => (ref double value) =>
    {
        float v = 0;
        getter(ref v);
        value = v;
    };

    private static ValueGetter<double> Widen(ValueGetter<int> getter) => (ref double value) =>
    {
        var v = 0;
        getter(ref v);
        value = v;
    };

    private static ValueGetter<double> First(ValueGetter<VBuffer<float>> getter)
    {
        VBuffer<float> buffer = default;
        return (ref double value) =>
        {
            getter(ref buffer);
            value = buffer.GetItemOrDefault(0);
        };
    }
}
