using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Wrappers;

namespace Synaptic.ML.Tests.Environments.Core;

[TestClass]
public sealed class EnvRegistryTests
{
    private static readonly string[] GymnasiumIds =
        ["CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1", "Acrobot-v1", "Taxi-v3", "FrozenLake-v1", "FrozenLake8x8-v1", "CliffWalking-v1"];

    private static readonly string[] OwnIds = ["GridWorld-v0", "Shower-v0", "LaneKeeping-v0", "Synaptic/Integration-v0"];

    // The built-ins, not EnvRegistry.Ids: other tests (the README samples) register environments of their own.
    public static IEnumerable<object[]> BuiltInIds() => BuiltInEnvironments.All.Select(e => new object[] { e.Spec.Id });

    [TestMethod]
    public void EveryGymnasiumAndProjectEnvironmentIsRegistered() =>
        CollectionAssert.IsSubsetOf(GymnasiumIds.Concat(OwnIds).ToArray(), EnvRegistry.Ids.ToArray());

    [TestMethod]
    [DynamicData(nameof(BuiltInIds))]
    public void TheCheckerAcceptsEveryBuiltInEnvironment(string id)
    {
        var env = EnvRegistry.Make(id);
        var report = EnvChecker.Inspect(env, seed: 3, steps: 300);
        Assert.IsTrue(report.Passed, $"{id}: {string.Join("; ", report.Problems)}");
    }

    [TestMethod]
    [DynamicData(nameof(BuiltInIds))]
    public void MakeAppliesTheTimeLimitOfTheSpec(string id)
    {
        var env = EnvRegistry.Make(id);
        var spec = EnvRegistry.Spec(id);
        Assert.AreEqual(spec, env.Spec);
        if (spec.MaxEpisodeSteps is int limit)
            Assert.AreEqual(limit, Assert.IsInstanceOfType<TimeLimit>(env).MaxEpisodeSteps);
        else
            Assert.IsNotInstanceOfType<TimeLimit>(env);
    }

    [TestMethod]
    [DynamicData(nameof(BuiltInIds))]
    public void SteppingAndResettingAllocateNothing(string id) =>
        Assert.AreEqual(0L, EnvAllocation.BytesOverSteps(EnvRegistry.Make(id), steps: 2000), $"{id} allocated while stepping.");

    [TestMethod]
    public void UnknownIdsListTheKnownOnes()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new MLContext(0).Synaptic().Environments.Make("CartPole-v9"));
        StringAssert.Contains(error.Message, "'CartPole-v9'");
        foreach (var id in GymnasiumIds)
            StringAssert.Contains(error.Message, id);
    }

    [TestMethod]
    [DataRow("cartpole-v1", "CartPole-v1")]
    [DataRow("CARTPOLE-V1", "CartPole-v1")]
    [DataRow("CartPol-v1", "CartPole-v1")]
    [DataRow("Pendulum-v0", "Pendulum-v1")]
    [DataRow("frozenlake-v1", "FrozenLake-v1")]
    public void IdsStayExactButTheMessageSuggestsTheClosestOne(string typed, string meant)
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new MLContext(0).Synaptic().Environments.Make(typed));
        StringAssert.Contains(error.Message, $"No environment is registered as '{typed}'. Did you mean '{meant}'?");
        Assert.AreEqual("id", error.ParamName);
    }

    [TestMethod]
    public void AnIdFarFromEveryRegisteredOneGetsNoSuggestion()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => EnvRegistry.Make("SpaceInvadersNoFrameskip-v4"));
        Assert.DoesNotContain("Did you mean", error.Message);
        StringAssert.Contains(error.Message, "Known ids: ");
    }

    [TestMethod]
    public void ATrainerNamesTheClosestIdWhenItsEstimatorIsMade()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new MLContext(0).Synaptic().Trainers.Ppo("cartpole-v1", totalTimesteps: 64));
        StringAssert.Contains(error.Message, "Did you mean 'CartPole-v1'?");
    }

    [TestMethod]
    public void StepBeforeResetAndAfterTheEndAreRefused()
    {
        var env = new MLContext(0).Synaptic().Environments.Make("CartPole-v1");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => env.Step(0)).Message, "before Reset");
        env.Reset(seed: 1);
        StepResult last;
        do
            last = env.Step(1);
        while (!last.Terminated && !last.Truncated);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => env.Step(1)).Message, "after its episode ended");
    }

    [TestMethod]
    public void RegisteringADuplicateIdIsRefused() =>
        Assert.ThrowsExactly<ArgumentException>(() => EnvRegistry.Register(new EnvSpec("CartPole-v1", 500, 475), () => EnvRegistry.Make("CartPole-v1")));
}
