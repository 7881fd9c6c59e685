using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.ClassicControl;
using Synaptic.ML.Environments.Wrappers;

namespace Synaptic.ML.Tests.Environments.ClassicControl;

[TestClass]
public sealed class ClassicControlRegistrationTests
{

    // gymnasium/envs/__init__.py at the recorded commit.
    public static IEnumerable<object?[]> GymnasiumSpecs =>
    [
        ["CartPole-v1", 500, 475.0, typeof(CartPole)],
        ["MountainCar-v0", 200, -110.0, typeof(MountainCar)],
        ["MountainCarContinuous-v0", 999, 90.0, typeof(MountainCarContinuous)],
        ["Pendulum-v1", 200, null, typeof(Pendulum)],
        ["Acrobot-v1", 500, -100.0, typeof(Acrobot)],
    ];

    [TestMethod]
    public void RegistrationsAreExactlyTheFiveGymnasiumIds()
    {
        CollectionAssert.AreEquivalent(
            GymnasiumSpecs.Select(s => (string)s[0]!).ToArray(),
            ClassicControlRegistrations.All.Select(r => r.Spec.Id).ToArray());
    }

    [TestMethod]
    [DynamicData(nameof(GymnasiumSpecs))]
    public void RegistrationCarriesGymnasiumsLimitAndThreshold(string id, int maxEpisodeSteps, double? rewardThreshold, Type type)
    {
        var (spec, factory) = ClassicControlRegistrations.All.Single(r => r.Spec.Id == id);

        Assert.AreEqual(new EnvSpec(id, maxEpisodeSteps, rewardThreshold), spec);
        var env = factory();
        Assert.IsInstanceOfType(env, type);
        Assert.AreEqual(id, env.Id);
    }

    [TestMethod]
    [DynamicData(nameof(GymnasiumSpecs))]
    public void CatalogMakesTheEnvironmentInItsTimeLimit(string id, int maxEpisodeSteps, double? rewardThreshold, Type type)
    {
        var environments = new MLContext(seed: 0).Synaptic().Environments;
        Func<SynapticEnvironmentsCatalog, Env> make = id switch
        {
            "CartPole-v1" => ClassicControlCatalog.CartPole,
            "MountainCar-v0" => ClassicControlCatalog.MountainCar,
            "MountainCarContinuous-v0" => ClassicControlCatalog.MountainCarContinuous,
            "Pendulum-v1" => ClassicControlCatalog.Pendulum,
            _ => ClassicControlCatalog.Acrobot,
        };

        var env = make(environments);

        var limit = Assert.IsInstanceOfType<TimeLimit>(env);
        Assert.AreEqual(maxEpisodeSteps, limit.MaxEpisodeSteps);
        Assert.IsInstanceOfType(env.Unwrapped, type);
        Assert.AreEqual(rewardThreshold, env.Spec?.RewardThreshold);
    }

    [TestMethod]
    public void PendulumFromTheCatalogIsTruncatedAtTwoHundredSteps()
    {
        var env = new MLContext(seed: 0).Synaptic().Environments.Pendulum();
        var observation = env.Reset(seed: 7);
        StepOutcome outcome = default;
        var steps = 0;
        while (!outcome.Done)
        {
            outcome = env.Step([0f], observation);
            steps++;
        }

        Assert.AreEqual(200, steps);
        Assert.IsTrue(outcome.Truncated);
        Assert.IsFalse(outcome.Terminated);
    }
}
