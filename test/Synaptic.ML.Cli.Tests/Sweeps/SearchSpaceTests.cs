using System.Globalization;
using Synaptic.ML.Samples.Cli;

namespace Synaptic.ML.Cli.Tests;

/// <summary>The sweep's search space: grids walked in order, values split as options write them, random draws repeatable.</summary>
[TestClass]
public sealed class SearchSpaceTests
{
    [TestMethod]
    public void TheGridIsEveryCombinationWithTheLastOptionFastest()
    {
        var space = SearchSpace.Parse(["LearningRate=1e-3,3e-4", "Epochs=5,10,20"], []);
        var grid = space.Grid();
        Assert.AreEqual(6L, space.GridSize);
        CollectionAssert.AreEqual(
            new[] { "LearningRate=1e-3, Epochs=5", "LearningRate=1e-3, Epochs=10", "LearningRate=1e-3, Epochs=20", "LearningRate=3e-4, Epochs=5", "LearningRate=3e-4, Epochs=10", "LearningRate=3e-4, Epochs=20" },
            grid.Select(c => c.Label).ToArray());
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4, 5, 6 }, grid.Select(c => c.Number).ToArray());
        Assert.AreEqual("config-04__seed-2", grid[3].RunName(2));
    }

    [TestMethod]
    public void ValuesThatHoldCommasAreSplitAtSemicolonsOrOutsideParentheses()
    {
        CollectionAssert.AreEqual(new[] { "64,64", "128,128" }, SearchDimension.Choices("Policy.HiddenSizes=64,64;128,128").Values.ToArray());
        CollectionAssert.AreEqual(new[] { "Linear", "WarmupCosine(0.1, 0)" }, SearchDimension.Choices("LearningRateSchedule=Linear,WarmupCosine(0.1, 0)").Values.ToArray());
    }

    [TestMethod]
    public void RandomDrawsRepeatWithTheSeedAndStayInTheirRanges()
    {
        var space = SearchSpace.Parse(["Gamma=0.9,0.99"], ["LearningRate=1e-4..1e-2:log", "Epochs=3..10"]);
        var first = space.Sample(20, seed: 7);
        var again = space.Sample(20, seed: 7);
        CollectionAssert.AreEqual(first.Select(c => c.Label).ToArray(), again.Select(c => c.Label).ToArray());
        CollectionAssert.AreNotEqual(first.Select(c => c.Label).ToArray(), space.Sample(20, seed: 8).Select(c => c.Label).ToArray());
        foreach (var c in first)
        {
            var settings = c.Settings.ToDictionary(s => s.Key, s => s.Value);
            CollectionAssert.Contains(new[] { "0.9", "0.99" }, settings["Gamma"]);
            var rate = double.Parse(settings["LearningRate"], CultureInfo.InvariantCulture);
            Assert.IsTrue(rate is >= 1e-4 and <= 1e-2, settings["LearningRate"]);
            var epochs = int.Parse(settings["Epochs"], CultureInfo.InvariantCulture);   // whole numbers for whole ends
            Assert.IsTrue(epochs is >= 3 and <= 10, settings["Epochs"]);
        }
    }

    [TestMethod]
    public void RandomDrawsFromAGridDoNotRepeatAConfiguration()
    {
        var space = SearchSpace.Parse(["A=1,2,3", "B=1,2,3"], []);
        var drawn = space.Sample(5, seed: 1);
        Assert.HasCount(5, drawn);
        Assert.HasCount(5, drawn.Select(c => c.Label).Distinct().ToList());
        Assert.HasCount(9, space.Sample(50, seed: 1), "Asked for more than the grid holds, the whole grid.");
    }

    [TestMethod]
    public void MalformedDimensionsAreNamed()
    {
        Assert.Contains("'LearningRate'", Assert.ThrowsExactly<ArgumentException>(() => SearchSpace.Parse(["LearningRate=1", "learningrate=2"], [])).Message);
        Assert.Contains("'Epochs'", Assert.ThrowsExactly<ArgumentException>(() => SearchDimension.Choices("Epochs")).Message);
        Assert.Contains("'Epochs=10..3'", Assert.ThrowsExactly<ArgumentException>(() => SearchDimension.Range("Epochs=10..3")).Message);
        Assert.Contains("log", Assert.ThrowsExactly<ArgumentException>(() => SearchDimension.Range("LearningRate=0..1:log")).Message);
        Assert.Contains("--random", Assert.ThrowsExactly<ArgumentException>(() => SearchSpace.Parse([], ["Epochs=3..10"]).Grid()).Message);
    }

    [TestMethod]
    public void SeedsAreListsOrRanges()
    {
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, SeedList.Parse(null).ToArray());
        CollectionAssert.AreEqual(new[] { 4, 5, 6, 9 }, SeedList.Parse(["4..6", "9,4"]).ToArray());
        Assert.Contains("'x'", Assert.ThrowsExactly<ArgumentException>(() => SeedList.Parse(["1,x"])).Message);
    }
}
