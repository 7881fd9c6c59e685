using System.Text;

namespace Synaptic.ML.Environments.Custom;

/// <summary>
/// A <see cref="GridWorld"/> maze: walls, one start and one or more goals on a rows × columns grid,
/// every goal reachable from the start. It is also a meta-RL task (see <see cref="GridWorldTaskDistribution"/>).
/// Immutable; equal when the grids are equal.
/// </summary>
/// <remarks>
/// Written as rows of characters: <c>'#'</c> wall, <c>'S'</c> start, <c>'G'</c> goal, <c>'.'</c> free.
/// The grid's border acts as a wall, so a map needs no '#' frame.
/// <code>
/// var map = GridWorldMap.Parse(
///     "S.#",
///     "..#",
///     "#.G");
/// </code>
/// </remarks>
public sealed class GridWorldMap : IEquatable<GridWorldMap>
{
    private readonly CellKind[] _cells;

    private GridWorldMap(int rows, int columns, CellKind[] cells)
    {
        Rows = rows;
        Columns = columns;
        _cells = cells;
        var starts = new List<int>();
        var goals = new List<int>();
        for (var i = 0; i < cells.Length; i++)
        {
            if (cells[i] == CellKind.Start)
                starts.Add(i);
            else if (cells[i] == CellKind.Goal)
                goals.Add(i);
        }
        if (starts.Count == 0)
            throw new ArgumentException($"The {rows}x{columns} GridWorld map has no start 'S'; it needs exactly one.");
        if (starts.Count > 1)
            throw new ArgumentException($"The GridWorld map has {starts.Count} starts 'S' (at {string.Join(", ", starts.Select(Describe))}); it needs exactly one.");
        if (goals.Count == 0)
            throw new ArgumentException($"The {rows}x{columns} GridWorld map has no goal 'G'; it needs at least one.");
        StartIndex = starts[0];
        Goals = goals.Select(ToCell).ToArray();
        var distances = Distances();
        foreach (var goal in goals)
        {
            if (distances[goal] < 0)
                throw new ArgumentException($"The goal at {Describe(goal)} cannot be reached from the start at {Describe(StartIndex)}.");
        }
        ShortestPathLength = goals.Min(g => distances[g]);
    }

    private enum CellKind : byte
    {
        Free,
        Wall,
        Start,
        Goal,
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Columns { get; }

    /// <summary>The start cell.</summary>
    public (int Row, int Column) Start => ToCell(StartIndex);

    /// <summary>The goal cells, in row-major order.</summary>
    public IReadOnlyList<(int Row, int Column)> Goals { get; }

    /// <summary>Fewest moves from the start to the nearest goal.</summary>
    public int ShortestPathLength { get; }

    /// <summary>Row-major index of the start cell, row · <see cref="Columns"/> + column.</summary>
    public int StartIndex { get; }

    /// <summary>Parses a map from rows of '#', 'S', 'G' and '.'.</summary>
    /// <param name="rows">The rows, top first, all of one length.</param>
    /// <returns>The map.</returns>
    /// <exception cref="ArgumentException">No rows, an empty or ragged row, an unknown character, no or several starts, no goal, or a goal unreachable from the start.</exception>
    public static GridWorldMap Parse(params IReadOnlyList<string> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
            throw new ArgumentException("A GridWorld map needs at least one row.", nameof(rows));
        var columns = rows[0]?.Length ?? 0;
        if (columns == 0)
            throw new ArgumentException("Row 0 of the GridWorld map is empty; rows need at least one cell.", nameof(rows));
        var cells = new CellKind[rows.Count * columns];
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r] ?? throw new ArgumentException($"Row {r} of the GridWorld map is null.", nameof(rows));
            if (row.Length != columns)
                throw new ArgumentException($"Row {r} of the GridWorld map has {row.Length} cells; row 0 has {columns}. Every row must have the same length.", nameof(rows));
            for (var c = 0; c < columns; c++)
            {
                cells[r * columns + c] = row[c] switch
                {
                    '.' => CellKind.Free,
                    '#' => CellKind.Wall,
                    'S' => CellKind.Start,
                    'G' => CellKind.Goal,
                    var other => throw new ArgumentException($"Row {r}, column {c} of the GridWorld map is '{other}'; expected '#' (wall), 'S' (start), 'G' (goal) or '.' (free).", nameof(rows)),
                };
            }
        }
        return new GridWorldMap(rows.Count, columns, cells);
    }

    /// <summary>Whether the cell is a wall; cells outside the grid count as walls.</summary>
    /// <param name="row">Row.</param>
    /// <param name="column">Column.</param>
    /// <returns>True for walls and cells off the grid.</returns>
    public bool IsWall(int row, int column) =>
        row < 0 || row >= Rows || column < 0 || column >= Columns || _cells[row * Columns + column] == CellKind.Wall;

    /// <summary>Whether the cell is a goal.</summary>
    /// <param name="row">Row.</param>
    /// <param name="column">Column.</param>
    /// <returns>True for goal cells.</returns>
    public bool IsGoal(int row, int column) =>
        row >= 0 && row < Rows && column >= 0 && column < Columns && _cells[row * Columns + column] == CellKind.Goal;

    /// <summary>The map as rows of '#', 'S', 'G' and '.', which <see cref="Parse"/> reads back.</summary>
    /// <returns>One string per row.</returns>
    public string[] ToRows()
    {
        var rows = new string[Rows];
        var line = new StringBuilder(Columns);
        for (var r = 0; r < Rows; r++)
        {
            line.Clear();
            for (var c = 0; c < Columns; c++)
                line.Append(Symbol(_cells[r * Columns + c]));
            rows[r] = line.ToString();
        }
        return rows;
    }

    /// <summary>The rows joined by newlines.</summary>
    /// <returns>The map as text.</returns>
    public override string ToString() => string.Join('\n', ToRows());

    /// <inheritdoc />
    public bool Equals(GridWorldMap? other) =>
        other is not null && Rows == other.Rows && Columns == other.Columns && _cells.AsSpan().SequenceEqual(other._cells);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as GridWorldMap);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Rows);
        hash.Add(Columns);
        hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_cells.AsSpan()));
        return hash.ToHashCode();
    }

    /// <summary>A map over <paramref name="walls"/> with the given start and goals (row-major indices).</summary>
    internal static GridWorldMap Create(int rows, int columns, ReadOnlySpan<bool> walls, int start, ReadOnlySpan<int> goals)
    {
        var cells = new CellKind[rows * columns];
        for (var i = 0; i < cells.Length; i++)
            cells[i] = walls[i] ? CellKind.Wall : CellKind.Free;
        cells[start] = CellKind.Start;
        foreach (var goal in goals)
            cells[goal] = CellKind.Goal;
        return new GridWorldMap(rows, columns, cells);
    }

    /// <summary>The same maze with its goals moved to <paramref name="goals"/> (row-major indices).</summary>
    internal GridWorldMap WithGoals(ReadOnlySpan<int> goals)
    {
        var walls = new bool[_cells.Length];
        for (var i = 0; i < walls.Length; i++)
            walls[i] = _cells[i] == CellKind.Wall;
        return Create(Rows, Columns, walls, StartIndex, goals);
    }

    /// <summary>Breadth-first move counts from the start to every cell; −1 where unreachable or a wall.</summary>
    internal int[] Distances()
    {
        var distance = new int[_cells.Length];
        Array.Fill(distance, -1);
        var queue = new Queue<int>();
        distance[StartIndex] = 0;
        queue.Enqueue(StartIndex);
        while (queue.TryDequeue(out var cell))
        {
            var (r, c) = ToCell(cell);
            Visit(r - 1, c);
            Visit(r, c + 1);
            Visit(r + 1, c);
            Visit(r, c - 1);

            void Visit(int row, int column)
            {
                if (IsWall(row, column) || distance[row * Columns + column] >= 0)
                    return;
                distance[row * Columns + column] = distance[cell] + 1;
                queue.Enqueue(row * Columns + column);
            }
        }
        return distance;
    }

    private (int Row, int Column) ToCell(int index) => (index / Columns, index % Columns);

    private string Describe(int index) => $"row {index / Columns}, column {index % Columns}";

    private static char Symbol(CellKind kind) => kind switch
    {
        CellKind.Wall => '#',
        CellKind.Start => 'S',
        CellKind.Goal => 'G',
        _ => '.',
    };
}
