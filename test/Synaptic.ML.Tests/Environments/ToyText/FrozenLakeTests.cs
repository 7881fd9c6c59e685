using Synaptic.ML.Environments.ToyText;

namespace Synaptic.ML.Tests.Environments.ToyText;

/// <summary>FrozenLake-v1: map validation, custom and random maps, rewards, text and frames.</summary>
[TestClass]
public sealed class FrozenLakeTests
{
    [TestMethod]
    public void AStateSavedOnOneMap_DoesNotLoadOnAnother_NamingBothMaps()
    {
        var original = new FrozenLake("4x4");
        original.Reset(seed: 1);
        using var stream = new MemoryStream();
        original.SaveState(new BinaryWriter(stream));
        stream.Position = 0;
        var other = new FrozenLake(map: ["SFFF", "FFFH", "FHFH", "HFFG"]);

        var error = Assert.ThrowsExactly<InvalidDataException>(() => other.LoadState(new BinaryReader(stream)));

        StringAssert.Contains(error.Message, "SFFF, FHFH, FFFH, HFFG");
        StringAssert.Contains(error.Message, "SFFF, FFFH, FHFH, HFFG");
    }

    [TestMethod]
    public void DefaultsAreGymnasiums()
    {
        var env = new FrozenLake();
        Assert.AreEqual("FrozenLake-v1", env.Id);
        Assert.IsTrue(env.IsSlippery);
        CollectionAssert.AreEqual(new[] { "SFFF", "FHFH", "FFFH", "HFFG" }, env.Map.ToArray());
        Assert.AreEqual(16, env.ObservationSpace.N);
        Assert.AreEqual(4, env.ActionSpace.N);
        Assert.AreEqual("FrozenLake8x8-v1", new FrozenLake("8x8").Id);
    }

    [TestMethod]
    public void CustomMapSetsSizeStartRewardsAndTermination()
    {
        var env = new FrozenLake(map: ["FFS", "HFG"], isSlippery: false);
        Assert.AreEqual(6, env.StateCount);
        Assert.AreEqual(1.0, env.InitialStateDistribution[2]);
        Assert.AreEqual(new Transition(1, 5, 1, true), env.TransitionTable[2][1][0]);
        Assert.AreEqual(new Transition(1, 3, 0, true), env.TransitionTable[0][1][0]);
        Assert.AreEqual(new Transition(1, 1, 0, false), env.TransitionTable[2][0][0]);
        // Terminal tiles loop on themselves with reward 0.
        Assert.AreEqual(new Transition(1, 5, 0, true), env.TransitionTable[5][3][0]);
        env.Reset(seed: 0);
        Assert.AreEqual(2, env.State);
    }

    [TestMethod]
    public void RewardScheduleAppliesToGoalHoleAndFrozenTiles()
    {
        var env = new FrozenLake(map: ["SFH", "FFG"], isSlippery: false, goalReward: 10, holeReward: -5, frozenReward: -1);
        Assert.AreEqual(-1.0, env.TransitionTable[0][2][0].Reward);
        Assert.AreEqual(-5.0, env.TransitionTable[1][2][0].Reward);
        Assert.AreEqual(10.0, env.TransitionTable[4][2][0].Reward);
        Assert.AreEqual(-1.0, env.TransitionTable[1][0][0].Reward, "Stepping back onto the start counts as frozen.");
    }

    [TestMethod]
    public void InvalidMapsAreRefusedNamingTheProblem()
    {
        Assert.Contains("no start", Refuse(["FFFF", "FHFH", "FFFG"]));
        Assert.Contains("no goal", Refuse(["SFFF", "FHFH", "FFFF"]));
        Assert.Contains("Row 1", Refuse(["SFFF", "FHF", "FFFG"]));
        Assert.Contains("'X'", Refuse(["SFFF", "FXFH", "FFFG"]));
        Assert.Contains("no rows", Refuse([]));
        Assert.Contains("empty", Refuse(["", ""]));
        var unknown = Assert.ThrowsExactly<ArgumentException>(() => new FrozenLake("5x5"));
        Assert.Contains("'5x5'", unknown.Message);
        Assert.Contains("4x4", unknown.Message);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new FrozenLake(successRate: 1.5));

        static string Refuse(string[] map) => Assert.ThrowsExactly<ArgumentException>(() => new FrozenLake(map: map)).Message;
    }

    [TestMethod]
    public void RandomMapsAlwaysJoinStartAndGoal()
    {
        foreach (var size in new[] { 2, 3, 5, 8, 12 })
        {
            foreach (var p in new[] { 0.5, 0.8, 1.0 })
            {
                for (var seed = 0; seed < 20; seed++)
                {
                    var map = FrozenLakeMaps.GenerateRandom(size, p, seed);
                    Assert.HasCount(size, map);
                    Assert.IsTrue(map.All(row => row.Length == size && row.All(tile => tile is 'S' or 'F' or 'H' or 'G')));
                    Assert.AreEqual('S', map[0][0]);
                    Assert.AreEqual('G', map[size - 1][size - 1]);
                    Assert.AreEqual(1, map.Sum(row => row.Count(tile => tile == 'S')));
                    Assert.AreEqual(1, map.Sum(row => row.Count(tile => tile == 'G')));
                    Assert.IsTrue(Reachable(map), $"size {size}, p {p}, seed {seed}: {string.Join("/", map)}");
                    if (p == 1.0)
                        Assert.IsFalse(map.Any(row => row.Contains('H')));
                }
            }
        }
    }

    [TestMethod]
    public void RandomMapsAreReproducibleAndVaried()
    {
        CollectionAssert.AreEqual(FrozenLakeMaps.GenerateRandom(8, 0.8, 3).ToArray(), FrozenLakeMaps.GenerateRandom(8, 0.8, 3).ToArray());
        var distinct = Enumerable.Range(0, 10).Select(seed => string.Join("/", FrozenLakeMaps.GenerateRandom(8, 0.8, seed))).Distinct().Count();
        Assert.IsGreaterThan(5, distinct);
        // With p = 0.6 about 40% of the 398 free tiles of a 20x20 map are holes (accepted maps are only slightly biased).
        var holes = FrozenLakeMaps.GenerateRandom(20, 0.6, 1).Sum(row => row.Count(tile => tile == 'H')) / 398.0;
        Assert.IsTrue(holes > 0.25 && holes < 0.5, $"hole fraction {holes}");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => FrozenLakeMaps.GenerateRandom(1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => FrozenLakeMaps.GenerateRandom(4, 0));
    }

    [TestMethod]
    public void NoMapNameAndNoMapGivesARandomValidEightByEightLake()
    {
        var env = new FrozenLake(mapName: null);
        Assert.AreEqual(8, env.RowCount);
        Assert.AreEqual(8, env.ColumnCount);
        Assert.IsTrue(Reachable(env.Map));
    }

    [TestMethod]
    public void HasPathAgreesWithAnIndependentSearch()
    {
        Assert.IsFalse(FrozenLakeMaps.HasPath(["SH", "HG"]));
        Assert.IsTrue(FrozenLakeMaps.HasPath(["SF", "HG"]));
        for (var seed = 0; seed < 50; seed++)
        {
            var random = new Random(seed);
            var map = Enumerable.Range(0, 5).Select(r => new string(Enumerable.Range(0, 5).Select(c =>
                (r, c) == (0, 0) ? 'S' : (r, c) == (4, 4) ? 'G' : random.NextDouble() < 0.6 ? 'F' : 'H').ToArray())).ToArray();
            Assert.AreEqual(Reachable(map), FrozenLakeMaps.HasPath(map), string.Join("/", map));
        }
    }

    [TestMethod]
    public void RenderTextShowsThePlayerTileInLowerCaseAndTheLastAction()
    {
        var env = new FrozenLake(isSlippery: false);
        env.Reset(seed: 0);
        Assert.AreEqual("\nsFFF\nFHFH\nFFFH\nHFFG\n", env.RenderText());
        env.Step(2);
        Assert.AreEqual("  (Right)\nSfFF\nFHFH\nFFFH\nHFFG\n", env.RenderText());
        env.Step(1);
        Assert.AreEqual("  (Down)\nSFFF\nFhFH\nFFFH\nHFFG\n", env.RenderText());
    }

    [TestMethod]
    public void RenderDrawsAGymnasiumSizedFrameThatFollowsThePlayer()
    {
        var env = new FrozenLake(isSlippery: false);
        env.Reset(seed: 0);
        var start = env.Render();
        Assert.AreEqual((256, 256), (start.Width, start.Height));
        var big = new FrozenLake("8x8");
        big.Reset(seed: 0);
        Assert.AreEqual((512, 512), (big.Render().Width, big.Render().Height));
        var wide = new FrozenLake(map: ["SFFFFFFFFFFF", "FFFFFFFFFFFG"]);
        Assert.AreEqual((512, 128), (wide.Render().Width, wide.Render().Height), "64-pixel cells, the window capped at 512");

        Assert.IsTrue(IsRed(TaxiTests.Pixel(start, 32, 32)));
        env.Step(2);
        var moved = env.Render();
        CollectionAssert.AreNotEqual(start.Rgb, moved.Rgb);
        Assert.IsFalse(IsRed(TaxiTests.Pixel(moved, 32, 32)));
        Assert.IsTrue(IsRed(TaxiTests.Pixel(moved, 96, 32)));
    }

    private static bool IsRed((byte R, byte G, byte B) pixel) => pixel.R > 180 && pixel.G < 90 && pixel.B < 90;

    private static bool Reachable(IReadOnlyList<string> map)
    {
        var (rows, columns) = (map.Count, map[0].Length);
        var start = Enumerable.Range(0, rows * columns).First(i => map[i / columns][i % columns] == 'S');
        var visited = new HashSet<int> { start };
        var queue = new Queue<int>([start]);
        while (queue.Count > 0)
        {
            var cell = queue.Dequeue();
            var (r, c) = (cell / columns, cell % columns);
            if (map[r][c] == 'G')
                return true;
            foreach (var (nr, nc) in new[] { (r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1) })
            {
                if (nr >= 0 && nr < rows && nc >= 0 && nc < columns && map[nr][nc] != 'H' && visited.Add(nr * columns + nc))
                    queue.Enqueue(nr * columns + nc);
            }
        }
        return false;
    }
}
