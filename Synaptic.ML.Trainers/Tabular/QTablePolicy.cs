using Synaptic.ML.Randomness;

namespace Synaptic.ML.Trainers;

/// <summary>
/// A Q-table as a policy model: the observation is a state index (a <c>DiscreteSpace</c> observation, or one made
/// discrete by <c>DiscretizeObservation</c>), the action the greedy one (the lowest index among ties), and the
/// appended <c>QValues</c> column the state's row of the table. Managed: it needs no TorchSharp.
/// </summary>
public sealed class QTablePolicy : PolicyModel
{
    internal const string KindName = "QTable";
    private readonly float[] _values;
    private readonly PolicyOutput[] _outputs;

    internal QTablePolicy(int states, int actions, float[] values, int firstState = 0, int firstAction = 0)
    {
        if (states <= 0 || actions <= 0 || values.Length != states * actions)
            throw new ArgumentException($"A Q-table of {states} states × {actions} actions needs {states * actions} values; it has {values.Length}.");
        States = states;
        Actions = actions;
        FirstState = firstState;
        FirstAction = firstAction;
        _values = values;
        _outputs = [new(PolicyOutputRoles.QValues, actions)];
    }

    /// <summary>Number of states (rows).</summary>
    public int States { get; }

    /// <summary>Number of actions (columns).</summary>
    public int Actions { get; }

    /// <summary>The observation value of row 0 (a <c>DiscreteSpace</c>'s start).</summary>
    public int FirstState { get; }

    /// <summary>The environment action of column 0 (a <c>DiscreteSpace</c>'s start).</summary>
    public int FirstAction { get; }

    /// <summary>Q(s, a) for the state index <paramref name="state"/> (from 0) and action <paramref name="action"/>.</summary>
    /// <param name="state">Row.</param>
    /// <param name="action">Column.</param>
    /// <returns>The action value.</returns>
    public float this[int state, int action] => _values[state * Actions + action];

    /// <summary>Writes the table as a heatmap PNG: a row per state (from the top), a column per action, colours by Q-value.</summary>
    /// <param name="path">The PNG file; its directory is created if missing.</param>
    /// <param name="title">The title. Default "Q-table".</param>
    /// <param name="width">The image width in pixels. Default 600.</param>
    /// <param name="height">The image height in pixels. Default 800.</param>
    public void SaveHeatmap(string path, string title = "Q-table", int width = 600, int height = 800) =>
        Plotting.TableHeatmapPlot.SavePng(path, _values, States, Actions, title, "State", "Action", "Q(s, a)", width, height);

    /// <inheritdoc/>
    public override int ObservationSize => 1;

    /// <inheritdoc/>
    public override int ActionSize => 1;

    /// <inheritdoc/>
    public override bool IsContinuous => false;

    /// <inheritdoc/>
    public override IReadOnlyList<PolicyOutput> Outputs => _outputs;

    /// <inheritdoc/>
    public override string Kind => KindName;

    /// <inheritdoc/>
    public override void Act(ReadOnlySpan<float> observations, int count, Span<float> actions, Span<float> outputs, PolicyState state,
        ReadOnlySpan<int> slots, Span<SplitMix64> random)
    {
        for (var b = 0; b < count; b++)
        {
            var row = Row(observations[b]);
            actions[b] = FirstAction + Greedy(row);
            if (!outputs.IsEmpty)
                row.CopyTo(outputs.Slice(b * Actions, Actions));
        }
    }

    /// <summary>The row of an observation, refusing values that are no state of the table.</summary>
    internal ReadOnlySpan<float> Row(float observation) =>
        IndexOf(observation, FirstState, States) is int index
            ? _values.AsSpan(index * Actions, Actions)
            : throw new ArgumentOutOfRangeException(nameof(observation), observation,
                $"Observation {observation} is not a state of this Q-table (integers {FirstState} to {FirstState + States - 1}).");

    /// <summary>The row of a discrete observation (an integer in [first, first + states)), or null when it is none.</summary>
    internal static int? IndexOf(float observation, int firstState, int states)
    {
        var index = observation - firstState;
        return index >= 0 && index < states && index == MathF.Floor(index) ? (int)index : null;
    }

    /// <summary>The index of the largest value (the first among ties).</summary>
    internal static int Greedy(ReadOnlySpan<float> row)
    {
        var best = 0;
        for (var a = 1; a < row.Length; a++)
        {
            if (row[a] > row[best])
                best = a;
        }
        return best;
    }

    /// <summary>
    /// Greedy environment actions (<paramref name="firstAction"/> + the index of each row's largest Q) of
    /// <paramref name="count"/> rows of Q-values, and the rows themselves into <paramref name="outputs"/> unless it is empty.
    /// </summary>
    internal static void ActGreedily(ReadOnlySpan<float> q, int count, int actionCount, int firstAction, Span<float> actions, Span<float> outputs)
    {
        for (var b = 0; b < count; b++)
        {
            var row = q.Slice(b * actionCount, actionCount);
            actions[b] = firstAction + Greedy(row);
            if (!outputs.IsEmpty)
                row.CopyTo(outputs.Slice(b * actionCount, actionCount));
        }
    }

    internal override void Write(BinaryWriter writer)
    {
        writer.Write(States);
        writer.Write(Actions);
        writer.Write(FirstState);
        writer.Write(FirstAction);
        foreach (var v in _values)
            writer.Write(v);
    }

    internal static QTablePolicy Read(BinaryReader reader)
    {
        var states = reader.ReadInt32();
        var actions = reader.ReadInt32();
        var first = reader.ReadInt32();
        var firstAction = reader.ReadInt32();
        if (states <= 0 || actions <= 0 || (long)states * actions > 100_000_000)
            throw new InvalidDataException($"The saved Q-table has {states} states and {actions} actions.");
        var values = new float[states * actions];
        for (var i = 0; i < values.Length; i++)
            values[i] = reader.ReadSingle();
        return new QTablePolicy(states, actions, values, first, firstAction);
    }
}
