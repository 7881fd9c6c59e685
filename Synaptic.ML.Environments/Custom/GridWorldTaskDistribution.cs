using Synaptic.ML.Randomness;

namespace Synaptic.ML.Environments.Custom;

/// <summary>
/// A seeded distribution of <see cref="GridWorld"/> tasks of one size, for meta-RL: either goal
/// positions on a fixed maze (<see cref="RandomGoals"/>) or whole random mazes (<see cref="RandomMazes"/>).
/// Every sampled task has each goal reachable from its start. Two distributions made with the same
/// arguments and seed sample the same tasks in the same order.
/// </summary>
/// <remarks>
/// <code>
/// var tasks = GridWorldTaskDistribution.RandomMazes(rows: 7, columns: 7, seed: 42);
/// var env = GridWorld.ForTask(tasks.Sample());
/// // ... adapt, then between episodes:
/// env.SetTask(tasks.Sample());
/// </code>
/// </remarks>
public sealed class GridWorldTaskDistribution
{
    private readonly GridWorldMap? _maze;
    private readonly int _goalCount;
    private SplitMix64 _random;

    private GridWorldTaskDistribution(int rows, int columns, GridWorldMap? maze, int goalCount, int seed)
    {
        Rows = rows;
        Columns = columns;
        _maze = maze;
        _goalCount = goalCount;
        _random = SplitMix64.ForStream((ulong)(uint)seed, 0x6A1D);
    }

    /// <summary>Rows of every task.</summary>
    public int Rows { get; }

    /// <summary>Columns of every task.</summary>
    public int Columns { get; }

    /// <summary>Tasks that keep <paramref name="maze"/>'s walls and start and place <paramref name="goalCount"/> goals uniformly among the free cells reachable from the start.</summary>
    /// <param name="maze">The fixed maze; its own goals only mark free cells.</param>
    /// <param name="seed">Seed of the sampling.</param>
    /// <param name="goalCount">Goals per task, positive; default 1.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentException">The maze has fewer reachable cells (besides the start) than <paramref name="goalCount"/>.</exception>
    public static GridWorldTaskDistribution RandomGoals(GridWorldMap maze, int seed, int goalCount = 1)
    {
        ArgumentNullException.ThrowIfNull(maze);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(goalCount);
        var reachable = maze.Distances().Count(d => d > 0);
        if (reachable < goalCount)
            throw new ArgumentException($"The {maze.Rows}x{maze.Columns} maze has {reachable} cells reachable from the start; {goalCount} goals do not fit.", nameof(goalCount));
        return new GridWorldTaskDistribution(maze.Rows, maze.Columns, maze, goalCount, seed);
    }

    /// <summary>
    /// Random perfect mazes (a randomized depth-first search carves passages between the cells at even
    /// row and column indices, so every open cell is reachable) with the start and
    /// <paramref name="goalCount"/> goals on distinct random open cells.
    /// </summary>
    /// <param name="rows">Rows; with an even count the last row stays wall.</param>
    /// <param name="columns">Columns; with an even count the last column stays wall.</param>
    /// <param name="seed">Seed of the sampling.</param>
    /// <param name="goalCount">Goals per task, positive; default 1.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentException">The size leaves fewer open cells than a start plus <paramref name="goalCount"/> goals.</exception>
    public static GridWorldTaskDistribution RandomMazes(int rows, int columns, int seed, int goalCount = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(goalCount);
        var rooms = (rows + 1) / 2 * ((columns + 1) / 2);
        var open = 2 * rooms - 1; // a spanning tree of the rooms opens one passage per extra room
        if (open < goalCount + 1)
            throw new ArgumentException($"A random {rows}x{columns} maze has {open} open cells; a start and {goalCount} goals need {goalCount + 1}.");
        return new GridWorldTaskDistribution(rows, columns, null, goalCount, seed);
    }

    /// <summary>Draws the next task.</summary>
    /// <returns>A solvable maze of <see cref="Rows"/> × <see cref="Columns"/>.</returns>
    public GridWorldMap Sample() => _maze is null ? SampleMaze() : SampleGoals(_maze);

    /// <summary>Draws the next <paramref name="count"/> tasks.</summary>
    /// <param name="count">Number of tasks, non-negative.</param>
    /// <returns>The tasks in order of drawing.</returns>
    public GridWorldMap[] Sample(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var tasks = new GridWorldMap[count];
        for (var i = 0; i < count; i++)
            tasks[i] = Sample();
        return tasks;
    }

    private GridWorldMap SampleGoals(GridWorldMap maze)
    {
        var distances = maze.Distances();
        var candidates = new List<int>();
        for (var i = 0; i < distances.Length; i++)
        {
            if (distances[i] > 0)
                candidates.Add(i);
        }
        return maze.WithGoals(DrawDistinct(candidates, _goalCount));
    }

    private GridWorldMap SampleMaze()
    {
        int roomRows = (Rows + 1) / 2, roomColumns = (Columns + 1) / 2;
        var walls = new bool[Rows * Columns];
        Array.Fill(walls, true);
        var visited = new bool[roomRows * roomColumns];
        var stack = new Stack<int>();
        Span<int> unvisited = stackalloc int[4];
        var first = _random.NextInt(visited.Length);
        visited[first] = true;
        Open(first);
        stack.Push(first);
        while (stack.TryPeek(out var room))
        {
            int r = room / roomColumns, c = room % roomColumns, count = 0;
            if (r > 0 && !visited[room - roomColumns])
                unvisited[count++] = room - roomColumns;
            if (c < roomColumns - 1 && !visited[room + 1])
                unvisited[count++] = room + 1;
            if (r < roomRows - 1 && !visited[room + roomColumns])
                unvisited[count++] = room + roomColumns;
            if (c > 0 && !visited[room - 1])
                unvisited[count++] = room - 1;
            if (count == 0)
            {
                stack.Pop();
                continue;
            }
            var next = unvisited[_random.NextInt(count)];
            visited[next] = true;
            Open(next);
            // The passage is the cell halfway between the two rooms' grid cells.
            walls[(r + next / roomColumns) * Columns + c + next % roomColumns] = false;
            stack.Push(next);
        }

        var openCells = new List<int>();
        for (var i = 0; i < walls.Length; i++)
        {
            if (!walls[i])
                openCells.Add(i);
        }
        var picked = DrawDistinct(openCells, _goalCount + 1);
        return GridWorldMap.Create(Rows, Columns, walls, picked[0], picked.AsSpan(1));

        void Open(int r) => walls[2 * (r / roomColumns) * Columns + 2 * (r % roomColumns)] = false;
    }

    // Partial Fisher–Yates: the first k of a random permutation.
    private int[] DrawDistinct(List<int> pool, int k)
    {
        for (var i = 0; i < k; i++)
        {
            var j = i + _random.NextInt(pool.Count - i);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }
        return pool.GetRange(0, k).ToArray();
    }
}
