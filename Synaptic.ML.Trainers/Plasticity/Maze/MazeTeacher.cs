using Synaptic.ML.Environments.Custom;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The supervised teacher of <see cref="SpikingMazeAgentTrainer"/>: the first action (up, right, down, left) of a
/// shortest path from each cell of a <see cref="GridWorldMap"/> to its nearest goal, by breadth-first search from the
/// goals (GridWorld's moves are deterministic and reversible, so distances from the goals are distances to them).
/// </summary>
public sealed class MazeTeacher
{
    private static readonly (int Row, int Column)[] Moves = [(-1, 0), (0, 1), (1, 0), (0, -1)];
    private readonly int[] _distance;
    private readonly int[] _action;

    /// <summary>Solves <paramref name="map"/>.</summary>
    /// <param name="map">The maze.</param>
    public MazeTeacher(GridWorldMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        Map = map;
        var cells = map.Rows * map.Columns;
        _distance = new int[cells];
        _action = new int[cells];
        Array.Fill(_distance, -1);
        Array.Fill(_action, -1);
        var queue = new Queue<int>();
        foreach (var (row, column) in map.Goals)
        {
            _distance[row * map.Columns + column] = 0;
            queue.Enqueue(row * map.Columns + column);
        }
        while (queue.Count > 0)
        {
            var cell = queue.Dequeue();
            var (row, column) = (cell / map.Columns, cell % map.Columns);
            foreach (var (dr, dc) in Moves)
            {
                var (r, c) = (row + dr, column + dc);
                if (map.IsWall(r, c) || _distance[r * map.Columns + c] >= 0)
                    continue;
                _distance[r * map.Columns + c] = _distance[cell] + 1;
                queue.Enqueue(r * map.Columns + c);
            }
        }
        for (var cell = 0; cell < cells; cell++)
        {
            if (_distance[cell] <= 0)
                continue;
            var (row, column) = (cell / map.Columns, cell % map.Columns);
            for (var a = 0; a < Moves.Length; a++)
            {
                var (r, c) = (row + Moves[a].Row, column + Moves[a].Column);
                if (!map.IsWall(r, c) && _distance[r * map.Columns + c] == _distance[cell] - 1)
                {
                    _action[cell] = a;
                    break;
                }
            }
        }
    }

    /// <summary>The maze solved.</summary>
    public GridWorldMap Map { get; }

    /// <summary>Moves from row-major cell <paramref name="cell"/> to the nearest goal; −1 for walls and cells that reach none.</summary>
    /// <param name="cell">Row-major cell index.</param>
    /// <returns>The distance.</returns>
    public int Distance(int cell) => _distance[cell];

    /// <summary>
    /// The first action of a shortest path from <paramref name="cell"/> (the lowest of up 0, right 1, down 2, left 3
    /// among equally short ones); −1 at a goal, a wall, or a cell that reaches no goal.
    /// </summary>
    /// <param name="cell">Row-major cell index.</param>
    /// <returns>The action.</returns>
    public int Action(int cell) => _action[cell];
}
