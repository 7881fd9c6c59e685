using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.ToyText;
using Synaptic.ML.Environments.Wrappers;

namespace Synaptic.ML.Tests.Environments.ToyText;

/// <summary>
/// The toy-text registrations and catalog methods carry Gymnasium's ids, time limits and reward
/// thresholds (gymnasium/envs/__init__.py) and build the environments they name.
/// </summary>
[TestClass]
public sealed class ToyTextRegistrationTests
{
    private static SynapticEnvironmentsCatalog Catalog => new MLContext(seed: 0).Synaptic().Environments;

    [TestMethod]
    public void RegistrationsHaveGymnasiumsSpecs()
    {
        var specs = ToyTextRegistrationsView.All.Select(entry => entry.Spec).ToArray();
        CollectionAssert.AreEquivalent(
            new[]
            {
                new EnvSpec("Taxi-v3", 200, 8),
                new EnvSpec("FrozenLake-v1", 100, 0.70),
                new EnvSpec("FrozenLake8x8-v1", 200, 0.85),
                new EnvSpec("CliffWalking-v1", null, null),
                new EnvSpec("CliffWalkingSlippery-v1", null, null),
            },
            specs);
    }

    [TestMethod]
    public void EachFactoryBuildsTheEnvironmentItsIdNames()
    {
        foreach (var (spec, factory) in ToyTextRegistrationsView.All)
        {
            var env = factory();
            Assert.AreEqual(spec.Id, env.Id);
            Assert.IsNotNull(env.Reset(seed: 0));
        }
        Assert.IsTrue(((FrozenLake)ToyTextRegistrationsView.Get("FrozenLake-v1").Factory()).IsSlippery);
        Assert.AreEqual(8, ((FrozenLake)ToyTextRegistrationsView.Get("FrozenLake8x8-v1").Factory()).RowCount);
        Assert.IsTrue(((CliffWalking)ToyTextRegistrationsView.Get("CliffWalkingSlippery-v1").Factory()).IsSlippery);
    }

    [TestMethod]
    public void CatalogWrapsEachEnvironmentInItsTimeLimit()
    {
        var taxi = (TimeLimit)Catalog.Taxi();
        Assert.AreEqual(200, taxi.MaxEpisodeSteps);
        Assert.IsInstanceOfType<Taxi>(taxi.Unwrapped);
        Assert.AreEqual("Taxi-v3", taxi.Spec!.Id);

        var lake = (TimeLimit)Catalog.FrozenLake();
        Assert.AreEqual(100, lake.MaxEpisodeSteps);
        Assert.IsTrue(((FrozenLake)lake.Unwrapped).IsSlippery);
        Assert.AreEqual(0.70, lake.Spec!.RewardThreshold);

        var big = (TimeLimit)Catalog.FrozenLake("8x8", isSlippery: false);
        Assert.AreEqual(200, big.MaxEpisodeSteps);
        Assert.IsFalse(((FrozenLake)big.Unwrapped).IsSlippery);
        Assert.AreEqual(8, ((FrozenLake)big.Unwrapped).RowCount);

        var custom = (TimeLimit)Catalog.FrozenLake(map: ["SFF", "FHG"]);
        Assert.AreEqual(100, custom.MaxEpisodeSteps);
        CollectionAssert.AreEqual(new[] { "SFF", "FHG" }, ((FrozenLake)custom.Unwrapped).Map.ToArray());

        var cliff = Catalog.CliffWalking();
        Assert.IsInstanceOfType<CliffWalking>(cliff, "Gymnasium registers CliffWalking-v1 without a time limit.");
        Assert.AreEqual("CliffWalking-v1", cliff.Spec!.Id);
    }

    [TestMethod]
    public void CatalogFrozenLakeIsTruncatedAtItsLimit()
    {
        var env = Catalog.FrozenLake(isSlippery: false);
        env.Reset(seed: 0);
        // Moving left from the start never leaves it, so only the time limit can end the episode.
        for (var step = 1; step <= 100; step++)
        {
            var result = env.Step(0);
            Assert.IsFalse(result.Terminated);
            Assert.AreEqual(step == 100, result.Truncated, $"step {step}");
        }
    }

    [TestMethod]
    public void CatalogRefusesAnInvalidMap()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => Catalog.FrozenLake(map: ["SFF", "FHF"]));
        Assert.Contains("no goal", error.Message);
    }
}
