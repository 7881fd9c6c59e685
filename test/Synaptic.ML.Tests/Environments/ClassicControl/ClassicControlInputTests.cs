using Synaptic.ML.Environments.ClassicControl;

namespace Synaptic.ML.Tests.Environments.ClassicControl;

[TestClass]
public sealed class ClassicControlInputTests
{
    public static IEnumerable<object[]> BadActions =>
    [
        ["CartPole-v1", new[] { 2f }],
        ["CartPole-v1", new[] { -1f }],
        ["CartPole-v1", new[] { 0.5f }],
        ["CartPole-v1", new[] { float.NaN }],
        ["CartPole-v1", new[] { 0f, 1f }],
        ["MountainCar-v0", new[] { 3f }],
        ["MountainCar-v0", new[] { float.NaN }],
        ["MountainCar-v0", Array.Empty<float>()],
        ["MountainCarContinuous-v0", new[] { 1.0001f }],
        ["MountainCarContinuous-v0", new[] { float.NaN }],
        ["MountainCarContinuous-v0", new[] { 0f, 0f }],
        ["Pendulum-v1", new[] { -2.5f }],
        ["Pendulum-v1", new[] { float.PositiveInfinity }],
        ["Pendulum-v1", new[] { float.NaN }],
        ["Pendulum-v1", Array.Empty<float>()],
        ["Acrobot-v1", new[] { 3f }],
        ["Acrobot-v1", new[] { float.NaN }],
        ["Acrobot-v1", new[] { 1f, 1f }],
    ];

    [TestMethod]
    [DynamicData(nameof(BadActions))]
    public void ActionOutsideTheSpaceIsRefusedNamingTheEnvironment(string id, float[] action)
    {
        var env = ClassicControlTestEnvs.Create(id);
        env.Reset(seed: 1);
        var before = env.State;

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => env.Step(action));

        Assert.Contains(id, error.Message);
        CollectionAssert.AreEqual(before, env.State, "A refused action must leave the state alone.");
    }

    [TestMethod]
    [DataRow("CartPole-v1", 4)]
    [DataRow("MountainCar-v0", 2)]
    [DataRow("MountainCarContinuous-v0", 2)]
    [DataRow("Pendulum-v1", 2)]
    [DataRow("Acrobot-v1", 4)]
    public void StateOfTheWrongLengthIsRefusedWithTheExpectedLayout(string id, int size)
    {
        var env = ClassicControlTestEnvs.Create(id);
        env.Reset(seed: 1);
        Assert.AreEqual(size, env.StateSize);

        var tooShort = Assert.ThrowsExactly<ArgumentException>(() => env.State = new double[size - 1]);
        var tooLong = Assert.ThrowsExactly<ArgumentException>(() => env.State = new double[size + 1]);
        Assert.ThrowsExactly<ArgumentNullException>(() => env.State = null!);

        StringAssert.Contains(tooShort.Message, $"{id}'s state has {size} values");
        StringAssert.Contains(tooShort.Message, $"got {size - 1}");
        StringAssert.Contains(tooLong.Message, $"got {size + 1}");
    }

    [TestMethod]
    [DataRow("CartPole-v1")]
    [DataRow("Acrobot-v1")]
    public void StateIsACopyInBothDirections(string id)
    {
        var env = ClassicControlTestEnvs.Create(id);
        env.Reset(seed: 1);
        var assigned = new double[env.StateSize];
        env.State = assigned;

        assigned[0] = 0.01;
        var read = env.State;
        read[1] = 0.02;

        CollectionAssert.AreEqual(new double[env.StateSize], env.State);
    }

    [TestMethod]
    [DataRow("CartPole-v1")]
    [DataRow("Pendulum-v1")]
    public void StateObservationAndFramesNeedAResetFirst(string id)
    {
        var env = ClassicControlTestEnvs.Create(id);

        Assert.ThrowsExactly<InvalidOperationException>(() => env.State);
        Assert.ThrowsExactly<InvalidOperationException>(() => env.WriteObservation(new float[env.ObservationSpace.Size]));
        Assert.ThrowsExactly<InvalidOperationException>(() => env.Render());
    }

    [TestMethod]
    public void ObservationBufferOfTheWrongLengthIsRefused()
    {
        var env = new Acrobot();
        env.Reset(seed: 1);

        var error = Assert.ThrowsExactly<ArgumentException>(() => env.WriteObservation(new float[4]));

        StringAssert.Contains(error.Message, "Acrobot-v1's observations have 6");
    }

    [TestMethod]
    public void ConstructorOptionsAreValidated()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Pendulum(gravity: double.NaN));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Acrobot(torqueNoiseMax: -0.1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Acrobot((AcrobotDynamics)7));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new MountainCar(goalVelocity: double.NaN));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new MountainCarContinuous(goalVelocity: double.NaN));
    }
}
