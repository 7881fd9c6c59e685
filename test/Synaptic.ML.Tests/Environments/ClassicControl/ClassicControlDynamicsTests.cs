using Synaptic.ML.Environments;
using Synaptic.ML.Environments.ClassicControl;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Tests.Environments.ClassicControl;

/// <summary>Physics, boundaries and rewards checked against hand-derived values and invariants.</summary>
[TestClass]
public sealed class ClassicControlDynamicsTests
{
    private static T From<T>(T env, params double[] state) where T : ClassicControlEnv
    {
        env.Reset(seed: 0);
        env.State = state;
        return env;
    }

    [TestMethod]
    public void CartPoleEulerStepMovesPositionsWithTheOldVelocities()
    {
        var env = From(new CartPole(), 0.1, 1.0, 0.0, 0.0);

        var step = env.Step(1);

        // Upright pole, push of +10 N: θ̈ = −(F/M) / (l(4/3 − m/M)), ẍ = F/M − m·l·θ̈/M (Florian 2007).
        const double m = 0.1, mTotal = 1.1, l = 0.5, force = 10;
        var thetaAcc = -(force / mTotal) / (l * (4.0 / 3.0 - m / mTotal));
        var xAcc = force / mTotal - m * l * thetaAcc / mTotal;
        var state = env.State;
        Assert.AreEqual(0.1 + 0.02 * 1.0, state[0], 1e-15, "x moves with the old velocity (explicit Euler)");
        Assert.AreEqual(1.0 + 0.02 * xAcc, state[1], 1e-12);
        Assert.AreEqual(0.0, state[2], 0.0, "θ moves with the old angular velocity, 0");
        Assert.AreEqual(0.02 * thetaAcc, state[3], 1e-12);
        Assert.AreEqual(1.0, step.Reward);
        Assert.IsFalse(step.Terminated);
    }

    [TestMethod]
    public void CartPoleTerminatesStrictlyBeyondTheThresholds()
    {
        var thetaThreshold = 12 * 2 * Math.PI / 360;
        Assert.IsFalse(From(new CartPole(), 2.4, 0, 0, 0).Step(0).Terminated, "x = 2.4 is still inside");
        Assert.IsTrue(From(new CartPole(), 2.39, 1, 0, 0).Step(0).Terminated, "x = 2.41 is outside");
        Assert.IsTrue(From(new CartPole(), -2.39, -1, 0, 0).Step(1).Terminated);
        Assert.IsTrue(From(new CartPole(), 0, 0, thetaThreshold, 0.1).Step(1).Terminated);
        Assert.IsTrue(From(new CartPole(), 0, 0, -thetaThreshold, -0.1).Step(0).Terminated);
    }

    [TestMethod]
    public void CartPoleSuttonBartoRewardIsZeroUntilTheFailingStep()
    {
        Assert.AreEqual(0.0, From(new CartPole(suttonBartoReward: true), 0, 0, 0, 0).Step(1).Reward);
        var fall = From(new CartPole(suttonBartoReward: true), 2.39, 1, 0, 0).Step(0);
        Assert.IsTrue(fall.Terminated);
        Assert.AreEqual(-1.0, fall.Reward);
        Assert.AreEqual(1.0, From(new CartPole(), 2.39, 1, 0, 0).Step(0).Reward, "the default rewards the failing step too");
    }

    [TestMethod]
    public void MountainCarHitsTheLeftWallInelastically()
    {
        var env = From(new MountainCar(), -1.19, -0.05);
        env.Step(0);
        CollectionAssert.AreEqual(new[] { -1.2, 0.0 }, env.State);
    }

    [TestMethod]
    public void MountainCarClipsTheVelocity()
    {
        var env = From(new MountainCar(), -0.5, 0.07);
        env.Step(2); // +0.001 push and gravity −0.0025·cos(−1.5) > 0 would exceed 0.07
        Assert.AreEqual(0.07, env.State[1]);
        Assert.AreEqual(-0.43, env.State[0], 1e-15);
    }

    [TestMethod]
    public void MountainCarReachesTheGoalOnlyFastEnough()
    {
        var step = From(new MountainCar(), 0.49, 0.02).Step(1);
        Assert.IsTrue(step.Terminated);
        Assert.AreEqual(-1.0, step.Reward);
        Assert.IsFalse(From(new MountainCar(goalVelocity: 0.05), 0.49, 0.02).Step(1).Terminated);
    }

    [TestMethod]
    public void MountainCarContinuousPaysForTheActionAndTheGoal()
    {
        var env = From(new MountainCarContinuous(), 0.44, 0.02);
        var goal = env.Step([0.5f]);
        Assert.IsTrue(goal.Terminated);
        Assert.AreEqual(100 - 0.1 * 0.25, goal.Reward, 1e-12);

        var slow = From(new MountainCarContinuous(), -0.5, 0).Step([-1f]);
        Assert.IsFalse(slow.Terminated);
        Assert.AreEqual(-0.1, slow.Reward, 1e-12);
    }

    private static double RoundedToFloat32(double value) => (float)value;

    [TestMethod]
    public void MountainCarContinuousStoresItsStateInFloat32()
    {
        var env = From(new MountainCarContinuous(), -0.5123456789, 0.0012345678901);
        env.Step([0.3f]);
        foreach (var value in env.State)
            Assert.AreEqual(value, RoundedToFloat32(value), "the stored state is a float32 value");
    }

    [TestMethod]
    [DataRow(0.0, 0.0)]
    [DataRow(Math.PI, -Math.PI)]
    [DataRow(-Math.PI, -Math.PI)]
    [DataRow(1.5 * Math.PI, -0.5 * Math.PI)]
    [DataRow(-1.5 * Math.PI, 0.5 * Math.PI)]
    [DataRow(7.0, 7.0 - 2 * Math.PI)]
    [DataRow(-7.0, -7.0 + 2 * Math.PI)]
    public void PendulumNormalizesAnglesIntoMinusPiToPi(double theta, double expected)
    {
        var normalized = Pendulum.NormalizeAngle(theta);
        Assert.AreEqual(expected, normalized, 1e-12);
        Assert.IsTrue(normalized >= -Math.PI && normalized < Math.PI);
    }

    [TestMethod]
    public void PendulumWorstRewardIsTheDocumentedMinimum()
    {
        var step = From(new Pendulum(), Math.PI, 8).Step([2f]);
        Assert.AreEqual(-16.2736044, step.Reward, 1e-7);
        Assert.IsFalse(step.Terminated);
    }

    [TestMethod]
    public void PendulumFollowsItsGravity()
    {
        // θ̇' = θ̇ + (3g/(2l)·sin θ + 3/(m·l²)·u)·dt, then θ' = θ + θ̇'·dt.
        var level = From(new Pendulum(), Math.PI / 2, 0);
        level.Step([0f]);
        Assert.AreEqual(15 * 0.05, level.State[1], 1e-15);
        Assert.AreEqual(Math.PI / 2 + 15 * 0.05 * 0.05, level.State[0], 1e-15);

        var weightless = From(new Pendulum(gravity: 0), 1.0, 0.5);
        weightless.Step([1f]);
        Assert.AreEqual(0.5 + 3 * 0.05, weightless.State[1], 1e-15);

        var observation = new float[3];
        level.WriteObservation(observation);
        Assert.AreEqual((float)Math.Cos(level.State[0]), observation[0]);
        Assert.AreEqual((float)Math.Sin(level.State[0]), observation[1]);
        Assert.AreEqual((float)level.State[1], observation[2]);
    }

    [TestMethod]
    public void PendulumClipsTheAngularVelocity()
    {
        var env = From(new Pendulum(), Math.PI / 2, 7.9);
        env.Step([2f]);
        Assert.AreEqual(8.0, env.State[1]);
    }

    [TestMethod]
    public void AcrobotRestsWhenHangingWithoutTorque()
    {
        var env = From(new Acrobot(), 0, 0, 0, 0);
        var step = env.Step(1);
        // Only cos(θ − π/2) ≈ 6e-17 instead of 0 (π/2 is not exact in binary) moves it at all.
        foreach (var value in env.State)
            Assert.AreEqual(0.0, value, 1e-14);
        Assert.AreEqual(-1.0, step.Reward);
        Assert.IsFalse(step.Terminated);
    }

    [TestMethod]
    public void AcrobotTorqueTurnsTheSecondJoint()
    {
        var positive = From(new Acrobot(), 0, 0, 0, 0);
        positive.Step(2);
        var negative = From(new Acrobot(), 0, 0, 0, 0);
        negative.Step(0);

        Assert.IsGreaterThan(0.0, positive.State[3]);
        Assert.AreEqual(-positive.State[3], negative.State[3], 1e-15, "the system is mirror-symmetric");
        Assert.AreEqual(-positive.State[2], negative.State[2], 1e-15);
    }

    [TestMethod]
    public void AcrobotTerminatesAboveTheLineWithRewardZero()
    {
        var step = From(new Acrobot(), Math.PI, 0, 0, 0).Step(1);
        Assert.IsTrue(step.Terminated);
        Assert.AreEqual(0.0, step.Reward);
    }

    [TestMethod]
    public void AcrobotKeepsAnglesWrappedAndVelocitiesBounded()
    {
        var env = new Acrobot();
        var random = new SplitMix64(4);
        env.Reset(seed: 4);
        for (var i = 0; i < 3000; i++)
        {
            // Bang-bang torque in phase with the first joint pumps energy in, so the bounds are reached.
            var state = env.State;
            var step = env.Step(random.NextInt(5) == 0 ? random.NextInt(3) : state[2] > 0 ? 2 : 0);
            state = env.State;
            Assert.IsTrue(Math.Abs(state[0]) <= Math.PI && Math.Abs(state[1]) <= Math.PI, $"angles {state[0]}, {state[1]}");
            Assert.IsTrue(Math.Abs(state[2]) <= 4 * Math.PI && Math.Abs(state[3]) <= 9 * Math.PI, $"velocities {state[2]}, {state[3]}");
            if (step.Terminated || step.Truncated)
                env.Reset();
        }
    }

    [TestMethod]
    public void AcrobotNipsDynamicsDropTheBooksTerm()
    {
        double[] start = [0.3, 0.5, 1.0, -0.5];
        var book = From(new Acrobot(AcrobotDynamics.Book), start);
        var nips = From(new Acrobot(AcrobotDynamics.Nips), start);
        book.Step(1);
        nips.Step(1);

        // The book's extra −m2·l1·lc2·θ̇1²·sin θ2 (< 0 here) slows the second joint.
        Assert.IsLessThan(nips.State[3], book.State[3]);
        Assert.IsGreaterThan(0.02, nips.State[3] - book.State[3]);
    }

    [TestMethod]
    public void AcrobotTorqueNoiseIsSeededAndOffByDefault()
    {
        double[] start = [0.05, -0.05, 0.02, 0.01];
        var quiet = From(new Acrobot(), start);
        var noisyA = From(new Acrobot(torqueNoiseMax: 0.5), start);
        var noisyB = From(new Acrobot(torqueNoiseMax: 0.5), start);
        quiet.Step(2);
        noisyA.Step(2);
        noisyB.Step(2);

        CollectionAssert.AreEqual(noisyA.State, noisyB.State, "same seed, same noise");
        CollectionAssert.AreNotEqual(quiet.State, noisyA.State);
    }
}
