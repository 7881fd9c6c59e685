using Microsoft.ML;
using Synaptic.ML.Environments.ToyText;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Tabular;

/// <summary>Value iteration against hand-computed optima and the Bellman optimality equation.</summary>
[TestClass]
public sealed class ValueIterationTests
{
    [TestMethod]
    public void OnTheDeterministicLakeTheOptimumIsTheDiscountedShortestPath()
    {
        // 4×4 non-slippery FrozenLake: the goal is 6 moves from the start, rewarded 1 on the last: V*(0) = γ⁵.
        var lake = new FrozenLake("4x4", isSlippery: false);
        var (optimal, sweeps) = ValueIteration.Solve(lake, gamma: 0.9);
        var start = Enumerable.Range(0, 4).Max(a => optimal[0, a]);
        Assert.AreEqual(Math.Pow(0.9, 5), start, 1e-6);
        Assert.IsLessThan(100, sweeps);
    }

    [TestMethod]
    public void OnTheSlipperyLakeQSatisfiesTheBellmanOptimalityEquation()
    {
        var lake = new FrozenLake("4x4", isSlippery: true);
        const double gamma = 0.95;
        var (q, _) = ValueIteration.Solve(lake, gamma);
        for (var s = 0; s < lake.StateCount; s++)
        {
            for (var a = 0; a < lake.ActionCount; a++)
            {
                var backup = lake.TransitionTable[s][a].Sum(t => t.Probability * (t.Reward + (t.Terminated ? 0 : gamma * Enumerable.Range(0, 4).Max(b => (double)q[t.NextState, b]))));
                Assert.AreEqual(backup, q[s, a], 1e-6, $"Q({s}, {a}).");
            }
        }
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ValueIteration.Solve(lake, 1.0));
    }
}
