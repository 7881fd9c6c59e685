using Synaptic.ML.Environments;
using Synaptic.ML.Environments.ClassicControl;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Tests.Environments.ClassicControl;

/// <summary>Spaces, starting-state distributions, seeding and the allocation-free step of every classic-control environment.</summary>
[TestClass]
public sealed class ClassicControlContractTests
{
    private const float Inf = float.PositiveInfinity;

    // Gymnasium's bounds as its docs and float32 arrays give them (0.41887903 = float32(24°), 12.566371 = float32(4π), 28.274334 = float32(9π)).
    public static IEnumerable<object[]> ObservationBounds =>
    [
        ["CartPole-v1", new[] { -4.8f, -Inf, -0.41887903f, -Inf }, new[] { 4.8f, Inf, 0.41887903f, Inf }],
        ["MountainCar-v0", new[] { -1.2f, -0.07f }, new[] { 0.6f, 0.07f }],
        ["MountainCarContinuous-v0", new[] { -1.2f, -0.07f }, new[] { 0.6f, 0.07f }],
        ["Pendulum-v1", new[] { -1f, -1f, -8f }, new[] { 1f, 1f, 8f }],
        ["Acrobot-v1", new[] { -1f, -1f, -1f, -1f, -12.566371f, -28.274334f }, new[] { 1f, 1f, 1f, 1f, 12.566371f, 28.274334f }],
    ];

    [TestMethod]
    [DynamicData(nameof(ObservationBounds))]
    public void ObservationSpaceHasGymnasiumsBounds(string id, float[] low, float[] high)
    {
        var box = (BoxSpace)ClassicControlTestEnvs.Create(id).ObservationSpace;

        CollectionAssert.AreEqual(low, box.Low.ToArray());
        CollectionAssert.AreEqual(high, box.High.ToArray());
    }

    [TestMethod]
    public void ActionSpacesAreGymnasiums()
    {
        Assert.AreEqual("Discrete(2)", new CartPole().ActionSpace.ToString());
        Assert.AreEqual("Discrete(3)", new MountainCar().ActionSpace.ToString());
        Assert.AreEqual("Discrete(3)", new Acrobot().ActionSpace.ToString());
        Assert.AreEqual("Box(-1, 1, (1,))", new MountainCarContinuous().ActionSpace.ToString());
        Assert.AreEqual("Box(-2, 2, (1,))", new Pendulum().ActionSpace.ToString());
    }

    public static IEnumerable<object[]> StartingRanges =>
    [
        ["CartPole-v1", new[] { -0.05, -0.05, -0.05, -0.05 }, new[] { 0.05, 0.05, 0.05, 0.05 }],
        ["MountainCar-v0", new[] { -0.6, 0.0 }, new[] { -0.4, 0.0 }],
        ["MountainCarContinuous-v0", new[] { -0.6, 0.0 }, new[] { -0.4, 0.0 }],
        ["Pendulum-v1", new[] { -Math.PI, -1.0 }, new[] { Math.PI, 1.0 }],
        ["Acrobot-v1", new[] { -0.1, -0.1, -0.1, -0.1 }, new[] { 0.1, 0.1, 0.1, 0.1 }],
    ];

    [TestMethod]
    [DynamicData(nameof(StartingRanges))]
    public void StartingStatesAreUniformOverGymnasiumsRanges(string id, double[] low, double[] high)
    {
        const int resets = 4000;
        var env = ClassicControlTestEnvs.Create(id);
        var observation = new float[env.ObservationSpace.Size];
        var derived = new float[observation.Length];
        var min = Enumerable.Repeat(double.PositiveInfinity, low.Length).ToArray();
        var max = Enumerable.Repeat(double.NegativeInfinity, low.Length).ToArray();
        var sum = new double[low.Length];
        env.Reset(observation, seed: 5);
        for (var n = 0; n < resets; n++)
        {
            env.Reset(observation);
            var state = env.State;
            env.WriteObservation(derived);
            CollectionAssert.AreEqual(derived, observation, $"{id}: the reset observation is the state's observation.");
            for (var i = 0; i < state.Length; i++)
            {
                Assert.IsTrue(state[i] >= low[i] && state[i] <= high[i], $"{id}: state[{i}] = {state[i]} is outside [{low[i]}, {high[i]}].");
                min[i] = Math.Min(min[i], state[i]);
                max[i] = Math.Max(max[i], state[i]);
                sum[i] += state[i];
            }
        }

        for (var i = 0; i < low.Length; i++)
        {
            var width = high[i] - low[i];
            // Uniform: 4000 draws come within 1% of both ends and average near the middle (σ of the mean ≈ 0.5% of the width).
            Assert.IsLessThanOrEqualTo(0.01 * width, min[i] - low[i], $"{id}: state[{i}] never came near its lower bound.");
            Assert.IsLessThanOrEqualTo(0.01 * width, high[i] - max[i], $"{id}: state[{i}] never came near its upper bound.");
            Assert.AreEqual((low[i] + high[i]) / 2, sum[i] / resets, 0.03 * width, $"{id}: state[{i}] mean");
        }
    }

    [TestMethod]
    public void AcrobotStartsFromFloat32Values()
    {
        var env = new Acrobot();
        for (var seed = 0; seed < 50; seed++)
        {
            env.Reset(seed);
            foreach (var value in env.State)
                Assert.AreEqual(value, RoundedToFloat32(value), "Gymnasium stores Acrobot's starting state as float32.");
        }
    }

    [TestMethod]
    [DataRow("CartPole-v1")]
    [DataRow("MountainCar-v0")]
    [DataRow("MountainCarContinuous-v0")]
    [DataRow("Pendulum-v1")]
    [DataRow("Acrobot-v1")]
    public void ASeedFixesTheStartAndTheStreamMovesOn(string id)
    {
        var a = ClassicControlTestEnvs.Create(id);
        var b = ClassicControlTestEnvs.Create(id);

        CollectionAssert.AreEqual(a.Reset(seed: 42), b.Reset(seed: 42));
        var first = a.State;
        CollectionAssert.AreEqual(first, b.State);
        a.Reset();
        CollectionAssert.AreNotEqual(first, a.State, "A reset without a seed continues the generator.");
        CollectionAssert.AreNotEqual(first, StateAfterReset(id, 43), "Another seed gives another start.");
    }

    private static double RoundedToFloat32(double value) => (float)value;

    private static double[] StateAfterReset(string id, int seed)
    {
        var env = ClassicControlTestEnvs.Create(id);
        env.Reset(seed);
        return env.State;
    }
}
