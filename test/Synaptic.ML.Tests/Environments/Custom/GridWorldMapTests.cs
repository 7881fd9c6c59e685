using Synaptic.ML.Environments.Custom;

namespace Synaptic.ML.Tests.Environments.Custom;

[TestClass]
public sealed class GridWorldMapTests
{
    [TestMethod]
    public void ParseReadsWallsStartAndGoalsAndRoundTrips()
    {
        string[] rows = ["S.#", "..#", "G.G"];
        var map = GridWorldMap.Parse(rows);

        Assert.AreEqual(3, map.Rows);
        Assert.AreEqual(3, map.Columns);
        Assert.AreEqual((0, 0), map.Start);
        CollectionAssert.AreEqual(new[] { (2, 0), (2, 2) }, map.Goals.ToArray());
        Assert.IsTrue(map.IsWall(0, 2));
        Assert.IsFalse(map.IsWall(0, 1));
        Assert.IsTrue(map.IsWall(-1, 0), "Cells off the grid count as walls.");
        Assert.IsTrue(map.IsWall(0, 3), "Cells off the grid count as walls.");
        Assert.IsTrue(map.IsGoal(2, 2));
        CollectionAssert.AreEqual(rows, map.ToRows());
        Assert.AreEqual(map, GridWorldMap.Parse(map.ToRows()));
        Assert.AreEqual("S.#\n..#\nG.G", map.ToString());
    }

    [TestMethod]
    public void ShortestPathLengthMatchesHandCount()
    {
        // Start (0,0) → right 3 → down 2 → right → down 2 = 8 moves; nothing shorter gets round the walls.
        Assert.AreEqual(8, GridWorldMap.Parse(GridWorld.DefaultMap).ShortestPathLength);
        Assert.AreEqual(1, GridWorldMap.Parse("S.G", "G##").ShortestPathLength, "The nearest of two goals counts.");
    }

    [TestMethod]
    public void NoStartIsRejected()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => GridWorldMap.Parse("..", ".G"));
        Assert.Contains("no start 'S'", e.Message);
    }

    [TestMethod]
    public void TwoStartsAreRejected()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => GridWorldMap.Parse("S.", "SG"));
        Assert.Contains("2 starts", e.Message);
    }

    [TestMethod]
    public void NoGoalIsRejected()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => GridWorldMap.Parse("S.", ".."));
        Assert.Contains("no goal 'G'", e.Message);
    }

    [TestMethod]
    public void RaggedRowsAreRejectedNamingTheRow()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => GridWorldMap.Parse("S..", "..", "..G"));
        Assert.Contains("Row 1", e.Message);
        Assert.Contains("2 cells", e.Message);
    }

    [TestMethod]
    public void UnknownCharacterIsRejectedNamingIt()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => GridWorldMap.Parse("S.", ".x", ".G"));
        Assert.Contains("'x'", e.Message);
        Assert.Contains("Row 1, column 1", e.Message);
    }

    [TestMethod]
    public void UnreachableGoalIsRejectedNamingIt()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => GridWorldMap.Parse("S#G", "..#", "G#."));
        Assert.Contains("row 0, column 2", e.Message);
        Assert.Contains("cannot be reached", e.Message);
    }

    [TestMethod]
    public void EmptyMapIsRejected()
    {
        Assert.ThrowsExactly<ArgumentException>(() => GridWorldMap.Parse());
        Assert.ThrowsExactly<ArgumentException>(() => GridWorldMap.Parse(""));
    }
}
