using Synaptic.ML.Environments.Custom;

namespace Synaptic.ML.Tests.Environments.Custom;

[TestClass]
public sealed class GridWorldTaskDistributionTests
{
    [TestMethod]
    [DataRow(3, 3)]
    [DataRow(5, 8)]
    [DataRow(7, 7)]
    [DataRow(10, 6)]
    [DataRow(2, 3)]
    public void RandomMazesAreAlwaysSolvable(int rows, int columns)
    {
        var tasks = GridWorldTaskDistribution.RandomMazes(rows, columns, seed: rows * 100 + columns, goalCount: 1);
        foreach (var task in tasks.Sample(200))
        {
            var text = task.ToRows();
            Assert.HasCount(rows, text);
            Assert.IsTrue(text.All(r => r.Length == columns));
            Assert.AreEqual(1, Count(text, 'S'));
            Assert.AreEqual(1, Count(text, 'G'));
            Assert.IsTrue(Solvable(text), $"Unsolvable maze:\n{task}");
        }
    }

    [TestMethod]
    public void RandomMazesAreMazesNotEmptyRooms()
    {
        var mazes = GridWorldTaskDistribution.RandomMazes(7, 7, seed: 3).Sample(50);
        foreach (var task in mazes)
        {
            // A perfect maze on the 4×4 rooms opens the 16 rooms and 15 passages: 31 of 49 cells.
            Assert.AreEqual(49 - 31, Count(task.ToRows(), '#'), $"Maze:\n{task}");
        }
        Assert.IsGreaterThan(45, mazes.Distinct().Count(), "Random mazes vary.");
    }

    [TestMethod]
    public void SameSeedGivesSameTasksAndOtherSeedsOtherTasks()
    {
        var a = GridWorldTaskDistribution.RandomMazes(7, 9, seed: 11).Sample(20);
        var b = GridWorldTaskDistribution.RandomMazes(7, 9, seed: 11).Sample(20);
        var c = GridWorldTaskDistribution.RandomMazes(7, 9, seed: 12).Sample(20);
        CollectionAssert.AreEqual(a, b);
        Assert.IsGreaterThan(15, a.Zip(c).Count(p => !p.First.Equals(p.Second)));
        Assert.IsGreaterThan(15, a.Distinct().Count(), "Twenty 7x9 mazes are almost surely distinct.");

        var maze = GridWorldMap.Parse(GridWorld.DefaultMap);
        CollectionAssert.AreEqual(
            GridWorldTaskDistribution.RandomGoals(maze, seed: 5).Sample(30),
            GridWorldTaskDistribution.RandomGoals(maze, seed: 5).Sample(30));
    }

    [TestMethod]
    public void RandomGoalsKeepTheMazeAndCoverEveryReachableCell()
    {
        var maze = GridWorldMap.Parse(GridWorld.DefaultMap);
        var goals = new HashSet<(int, int)>();
        foreach (var task in GridWorldTaskDistribution.RandomGoals(maze, seed: 1).Sample(2000))
        {
            Assert.AreEqual(maze.Start, task.Start);
            Assert.HasCount(1, task.Goals);
            for (var r = 0; r < maze.Rows; r++)
            {
                for (var c = 0; c < maze.Columns; c++)
                    Assert.AreEqual(maze.IsWall(r, c), task.IsWall(r, c), $"Wall at ({r}, {c}) changed.");
            }
            Assert.IsTrue(Solvable(task.ToRows()));
            goals.Add(task.Goals[0]);
        }
        // 25 cells − 8 walls − the start = 16 free cells, all reachable in the default maze.
        Assert.HasCount(16, goals);
    }

    [TestMethod]
    public void SeveralGoalsAreDistinctAndReachable()
    {
        foreach (var task in GridWorldTaskDistribution.RandomMazes(5, 5, seed: 9, goalCount: 3).Sample(100))
        {
            Assert.AreEqual(3, Count(task.ToRows(), 'G'));
            Assert.IsTrue(Solvable(task.ToRows(), everyGoal: true));
        }
    }

    [TestMethod]
    public void SampledTasksPlugIntoOneEnvironment()
    {
        var tasks = GridWorldTaskDistribution.RandomMazes(6, 6, seed: 4);
        var env = GridWorld.ForTask(tasks.Sample());
        for (var i = 0; i < 5; i++)
        {
            var task = tasks.Sample();
            env.SetTask(task);
            var (row, column) = task.Start;
            CollectionAssert.AreEqual(new[] { (float)(row * 6 + column) }, env.Reset(seed: i));
        }
    }

    [TestMethod]
    public void ImpossibleRequestsAreRejected()
    {
        Assert.ThrowsExactly<ArgumentException>(() => GridWorldTaskDistribution.RandomMazes(2, 2, seed: 0));
        Assert.ThrowsExactly<ArgumentException>(() => GridWorldTaskDistribution.RandomGoals(GridWorldMap.Parse("SG#"), seed: 0, goalCount: 2));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => GridWorldTaskDistribution.RandomMazes(0, 5, seed: 0));
    }

    private static int Count(string[] rows, char symbol) => rows.Sum(r => r.Count(ch => ch == symbol));

    // Breadth-first search over the text, independent of GridWorldMap's own.
    private static bool Solvable(string[] rows, bool everyGoal = false)
    {
        int height = rows.Length, width = rows[0].Length;
        var start = Enumerable.Range(0, height * width).Single(i => rows[i / width][i % width] == 'S');
        var seen = new bool[height * width];
        var queue = new Queue<int>([start]);
        seen[start] = true;
        while (queue.TryDequeue(out var cell))
        {
            int r = cell / width, c = cell % width;
            foreach (var (nr, nc) in new[] { (r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1) })
            {
                if (nr < 0 || nr >= height || nc < 0 || nc >= width || rows[nr][nc] == '#' || seen[nr * width + nc])
                    continue;
                seen[nr * width + nc] = true;
                queue.Enqueue(nr * width + nc);
            }
        }
        var goals = Enumerable.Range(0, height * width).Where(i => rows[i / width][i % width] == 'G').ToArray();
        return goals.Length > 0 && (everyGoal ? goals.All(g => seen[g]) : goals.Any(g => seen[g]));
    }
}
