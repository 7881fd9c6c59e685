using System.Text;
using SkiaSharp;

namespace Synaptic.ML.Environments.Custom;

/// <summary>
/// GridWorld-v0: find a goal in a maze of walls.
/// </summary>
/// <remarks>
/// <para>
/// <b>Action space</b>: Discrete(4): 0 = up (<see cref="Up"/>), 1 = right, 2 = down, 3 = left.
/// </para>
/// <para>
/// <b>Observation space</b>: by default Discrete(rows · columns), the agent's row-major cell index
/// row · columns + column (walls are counted in the indices but never occupied). Options give a
/// one-hot Box(0, 1, rows · columns) or a Box([0, 0], [rows − 1, columns − 1]) holding (row, column);
/// see <see cref="GridWorldObservation"/>.
/// </para>
/// <para>
/// <b>Rewards</b>: each step earns exactly one of: <see cref="Options.GoalReward"/> (default +1) for
/// entering a goal; <see cref="Options.WallBumpReward"/> (default −0.1) for moving into a wall or off
/// the grid, in which case the agent stays where it is; otherwise <see cref="Options.StepReward"/>
/// (default −0.01).
/// </para>
/// <para>
/// <b>Starting state</b>: the map's start cell 'S'. There is no randomness unless tasks are changed
/// with <see cref="SetTask"/>.
/// </para>
/// <para>
/// <b>Episode end</b>: terminated on entering a goal. The environment has no time limit of its own;
/// the registration truncates after 100 steps (Gymnasium's <c>TimeLimit</c>).
/// </para>
/// <para>
/// <b>Meta-RL</b>: <see cref="GridWorldTaskDistribution"/> samples mazes or goal positions of one
/// size; <see cref="SetTask"/> switches this environment to a sampled task from the next episode.
/// </para>
/// <para><b>Version</b>: v0, the first version.</para>
/// </remarks>
public sealed class GridWorld : Env
{
    /// <summary>The registered id.</summary>
    public const string EnvId = "GridWorld-v0";

    /// <summary>Action that moves one row up.</summary>
    public const int Up = 0;

    /// <summary>Action that moves one column right.</summary>
    public const int Right = 1;

    /// <summary>Action that moves one row down.</summary>
    public const int Down = 2;

    /// <summary>Action that moves one column left.</summary>
    public const int Left = 3;

    private const int CellPixels = 32;

    private readonly GridWorldObservation _observationKind;
    private readonly double _stepReward;
    private readonly double _goalReward;
    private readonly double _wallBumpReward;
    private GridWorldMap _map;
    private GridWorldMap _nextMap;
    private int _agent;

    /// <summary>Creates the environment.</summary>
    /// <param name="options">Map, observation and rewards; null for the defaults.</param>
    /// <exception cref="ArgumentException">The map is invalid (see <see cref="GridWorldMap.Parse"/>) or a reward is not finite.</exception>
    public GridWorld(Options? options = null)
        : base(EnvId)
    {
        options ??= new Options();
        ArgumentNullException.ThrowIfNull(options.Map, nameof(options.Map));
        _map = GridWorldMap.Parse(options.Map);
        if (!Enum.IsDefined(options.Observation))
            throw new ArgumentOutOfRangeException(nameof(options), options.Observation, $"Unknown {nameof(GridWorldObservation)} {(int)options.Observation}.");
        _observationKind = options.Observation;
        _stepReward = Finite(options.StepReward, nameof(Options.StepReward));
        _goalReward = Finite(options.GoalReward, nameof(Options.GoalReward));
        _wallBumpReward = Finite(options.WallBumpReward, nameof(Options.WallBumpReward));
        ObservationSpace = _observationKind switch
        {
            GridWorldObservation.OneHot => new BoxSpace(0f, 1f, _map.Rows * _map.Columns),
            GridWorldObservation.RowColumn => new BoxSpace([0f, 0f], [_map.Rows - 1, _map.Columns - 1]),
            _ => new DiscreteSpace(_map.Rows * _map.Columns),
        };
        _nextMap = _map;
        _agent = _map.StartIndex;
    }

    /// <summary>The default 5×5 maze; the shortest path from start to goal takes 8 moves.</summary>
    public static IReadOnlyList<string> DefaultMap { get; } =
    [
        "S...#",
        ".##.#",
        ".#...",
        ".#.#.",
        "...#G",
    ];

    /// <inheritdoc />
    public override Space ObservationSpace { get; }

    /// <inheritdoc />
    public override Space ActionSpace { get; } = new DiscreteSpace(4);

    /// <summary>The maze (task) of the running episode; before the first reset or after an episode, the next one's.</summary>
    public GridWorldMap Map => _map;

    /// <summary>The agent's cell.</summary>
    public (int Row, int Column) Agent => (_agent / _map.Columns, _agent % _map.Columns);

    /// <summary>Creates an environment playing <paramref name="task"/>.</summary>
    /// <param name="task">The maze, e.g. from <see cref="GridWorldTaskDistribution.Sample()"/>.</param>
    /// <param name="options">Observation and rewards; their <see cref="Options.Map"/> is replaced by the task.</param>
    /// <returns>The environment.</returns>
    public static GridWorld ForTask(GridWorldMap task, Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        options ??= new Options();
        return new GridWorld(new Options
        {
            Map = task.ToRows(),
            Observation = options.Observation,
            StepReward = options.StepReward,
            GoalReward = options.GoalReward,
            WallBumpReward = options.WallBumpReward,
        });
    }

    /// <summary>
    /// Switches to another maze of the same size: at once when no episode is running, otherwise from
    /// the next <c>Reset</c>, so that an episode cut short from outside (a time limit) can be followed
    /// by a new task.
    /// </summary>
    /// <param name="task">The maze, e.g. from <see cref="GridWorldTaskDistribution.Sample()"/>.</param>
    /// <exception cref="ArgumentException">The task's size differs from this environment's, which fixes the observation space.</exception>
    public void SetTask(GridWorldMap task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Rows != _map.Rows || task.Columns != _map.Columns)
            throw new ArgumentException($"The task is {task.Rows}x{task.Columns}; this {Id} is {_map.Rows}x{_map.Columns}, and its observation space cannot change size.", nameof(task));
        _nextMap = task;
        if (NeedsReset)
        {
            _map = task;
            _agent = task.StartIndex;
        }
    }

    /// <summary>The grid as text: '#' wall, 'G' goal, 'S' start, '.' free, 'A' the agent.</summary>
    /// <returns>One line per row.</returns>
    public override string RenderText()
    {
        var rows = _map.ToRows();
        var (agentRow, agentColumn) = Agent;
        var text = new StringBuilder();
        for (var r = 0; r < rows.Length; r++)
        {
            if (r > 0)
                text.Append('\n');
            text.Append(r == agentRow ? string.Concat(rows[r].AsSpan(0, agentColumn), "A", rows[r].AsSpan(agentColumn + 1)) : rows[r]);
        }
        return text.ToString();
    }

    /// <summary>A top-down picture: 32 pixels per cell, walls dark, goals green, the start blue, the agent a red disc.</summary>
    /// <returns>A (columns · 32) × (rows · 32) frame.</returns>
    public override Frame Render() =>
        SkiaFrames.Draw(_map.Columns * CellPixels, _map.Rows * CellPixels, new SKColor(240, 240, 240), canvas =>
        {
            using var fill = new SKPaint { Style = SKPaintStyle.Fill, IsAntialias = true };
            using var grid = new SKPaint { Style = SKPaintStyle.Stroke, Color = new SKColor(200, 200, 200), StrokeWidth = 1 };
            var (start, (agentRow, agentColumn)) = (_map.Start, Agent);
            for (var r = 0; r < _map.Rows; r++)
            {
                for (var c = 0; c < _map.Columns; c++)
                {
                    var cell = SKRect.Create(c * CellPixels, r * CellPixels, CellPixels, CellPixels);
                    fill.Color = _map.IsWall(r, c) ? new SKColor(50, 50, 60)
                        : _map.IsGoal(r, c) ? new SKColor(60, 180, 110)
                        : (r, c) == start ? new SKColor(150, 200, 240)
                        : new SKColor(240, 240, 240);
                    canvas.DrawRect(cell, fill);
                    canvas.DrawRect(cell, grid);
                }
            }
            fill.Color = new SKColor(220, 30, 50);
            canvas.DrawCircle((agentColumn + 0.5f) * CellPixels, (agentRow + 0.5f) * CellPixels, CellPixels * 0.35f, fill);
        });

    /// <inheritdoc />
    protected override void OnReset(Span<float> observation, int? seed)
    {
        _map = _nextMap;
        _agent = _map.StartIndex;
        Observe(observation);
    }

    /// <inheritdoc />
    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        var (row, column) = Agent;
        switch ((int)action[0])
        {
            case Up:
                row--;
                break;
            case Right:
                column++;
                break;
            case Down:
                row++;
                break;
            default:
                column--;
                break;
        }
        double reward;
        var terminated = false;
        if (_map.IsWall(row, column))
        {
            reward = _wallBumpReward;
        }
        else
        {
            _agent = row * _map.Columns + column;
            terminated = _map.IsGoal(row, column);
            reward = terminated ? _goalReward : _stepReward;
        }
        Observe(observation);
        return new StepOutcome(reward, terminated, false);
    }

    /// <summary>Writes the maze of the running episode, the maze of the next one (see <see cref="SetTask"/>) and the agent's cell.</summary>
    /// <param name="writer">Destination.</param>
    protected override void WriteState(BinaryWriter writer)
    {
        base.WriteState(writer);
        WriteMap(writer, _map);
        WriteMap(writer, _nextMap);
        writer.Write(_agent);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    /// <param name="reader">Source.</param>
    /// <exception cref="InvalidDataException">A saved maze has another size than this environment's, or the agent's cell is not a free cell of it.</exception>
    protected override void ReadState(BinaryReader reader)
    {
        base.ReadState(reader);
        var map = ReadMap(reader);
        var nextMap = ReadMap(reader);
        var agent = reader.ReadInt32();
        if ((uint)agent >= (uint)(map.Rows * map.Columns) || map.IsWall(agent / map.Columns, agent % map.Columns))
            throw new InvalidDataException($"The saved state of {Id} puts the agent on cell {agent}, which is not a free cell of its {map.Rows}x{map.Columns} maze.");
        _map = map;
        _nextMap = nextMap.Equals(map) ? map : nextMap;
        _agent = agent;
    }

    private static void WriteMap(BinaryWriter writer, GridWorldMap map)
    {
        var rows = map.ToRows();
        writer.Write(rows.Length);
        foreach (var row in rows)
            writer.Write(row);
    }

    private GridWorldMap ReadMap(BinaryReader reader)
    {
        var rowCount = reader.ReadInt32();
        if (rowCount != _map.Rows)
            throw new InvalidDataException($"The saved state of {Id} has a maze of {rowCount} rows; this {Id} has {_map.Rows}, and its observation space cannot change size.");
        var rows = new string[rowCount];
        for (var r = 0; r < rows.Length; r++)
            rows[r] = reader.ReadString();
        GridWorldMap map;
        try
        {
            map = GridWorldMap.Parse(rows);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The saved state of {Id} holds a maze that does not parse: {e.Message}", e);
        }
        if (map.Columns != _map.Columns)
            throw new InvalidDataException($"The saved state of {Id} has a maze of {map.Columns} columns; this {Id} has {_map.Columns}, and its observation space cannot change size.");
        return map;
    }

    private void Observe(Span<float> observation)
    {
        switch (_observationKind)
        {
            case GridWorldObservation.OneHot:
                observation.Clear();
                observation[_agent] = 1f;
                break;
            case GridWorldObservation.RowColumn:
                observation[0] = _agent / _map.Columns;
                observation[1] = _agent % _map.Columns;
                break;
            default:
                observation[0] = _agent;
                break;
        }
    }

    private static double Finite(double value, string name) =>
        double.IsFinite(value) ? value : throw new ArgumentException($"GridWorld option {name} is {value}; it must be a finite number.", name);

    /// <summary>Options of <see cref="GridWorld"/>.</summary>
    public sealed class Options
    {
        /// <summary>The maze as rows of '#' (wall), 'S' (start), 'G' (goal) and '.' (free); default <see cref="DefaultMap"/>.</summary>
        public IReadOnlyList<string> Map { get; set; } = DefaultMap;

        /// <summary>How the agent's cell is observed; default <see cref="GridWorldObservation.CellIndex"/>.</summary>
        public GridWorldObservation Observation { get; set; } = GridWorldObservation.CellIndex;

        /// <summary>Reward of a step that neither reaches a goal nor bumps a wall; default −0.01.</summary>
        public double StepReward { get; set; } = -0.01;

        /// <summary>Reward for entering a goal, which terminates the episode; default +1.</summary>
        public double GoalReward { get; set; } = 1.0;

        /// <summary>Reward for moving into a wall or off the grid (the agent stays); default −0.1.</summary>
        public double WallBumpReward { get; set; } = -0.1;
    }
}
