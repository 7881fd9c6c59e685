using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Custom;

namespace Synaptic.ML.Tests.Environments.Custom;

[TestClass]
public sealed class ShowerTests
{
    private const int Down = 0, Keep = 1, Up = 2;

    [TestMethod]
    public void SpacesAreBoxOfTheTemperatureAndThreeActions()
    {
        var env = new Shower();
        Assert.AreEqual("Box(0, 100, (1,))", env.ObservationSpace.ToString());
        Assert.AreEqual("Discrete(3)", env.ActionSpace.ToString());
    }

    [TestMethod]
    public void ScriptedActionsFromAFixedStartFollowTheDynamics()
    {
        var env = new Shower(new Shower.Options { StartSpread = 0 });
        CollectionAssert.AreEqual(new[] { 38f }, env.Reset(seed: 7));
        // Temperatures after each action and whether they lie in [37, 39].
        (int Action, float Temperature, double Reward)[] script =
        [
            (Up, 39, 1), (Up, 40, -1), (Keep, 40, -1), (Down, 39, 1), (Down, 38, 1),
            (Down, 37, 1), (Down, 36, -1), (Down, 35, -1), (Up, 36, -1), (Up, 37, 1),
        ];
        foreach (var (action, temperature, reward) in script)
        {
            var step = env.Step(action);
            CollectionAssert.AreEqual(new[] { temperature }, step.Observation);
            Assert.AreEqual(reward, step.Reward, $"Reward at {temperature}.");
            Assert.IsFalse(step.Terminated || step.Truncated);
        }
        Assert.AreEqual(37, env.Temperature);
        Assert.AreEqual(50, env.StepsLeft);
    }

    [TestMethod]
    public void EpisodeIsTruncatedNotTerminatedAfterSixtySteps()
    {
        var env = new Shower();
        env.Reset(seed: 3);
        var total = 0.0;
        for (var i = 1; i <= 60; i++)
        {
            var step = env.Step(Keep);
            total += step.Reward;
            Assert.IsFalse(step.Terminated, "Shower never terminates.");
            Assert.AreEqual(i == 60, step.Truncated, $"Step {i}.");
        }
        Assert.AreEqual(60.0, Math.Abs(total), "Keeping the start temperature earns the same reward every step.");
        Assert.ThrowsExactly<InvalidOperationException>(() => env.Step(Keep));
    }

    [TestMethod]
    public void StartIsThirtyEightPlusAUniformIntegerInMinusThreeToThree()
    {
        var env = new Shower();
        var counts = new Dictionary<float, int>();
        env.Reset(seed: 0);
        for (var i = 0; i < 7000; i++)
        {
            var t = env.Reset()[0];
            counts[t] = counts.GetValueOrDefault(t) + 1;
        }
        CollectionAssert.AreEquivalent(new[] { 35f, 36f, 37f, 38f, 39f, 40f, 41f }, counts.Keys.ToArray());
        foreach (var (t, n) in counts)
            Assert.IsTrue(n is > 850 and < 1150, $"{t} started {n} of 7000 times; expected about 1000.");
    }

    [TestMethod]
    public void SameSeedGivesSameEpisode()
    {
        var a = new Shower(new Shower.Options { Noise = true });
        var b = new Shower(new Shower.Options { Noise = true });
        CollectionAssert.AreEqual(a.Reset(seed: 42), b.Reset(seed: 42));
        for (var i = 0; i < 60; i++)
            CollectionAssert.AreEqual(a.Step(i % 3).Observation, b.Step(i % 3).Observation);
    }

    [TestMethod]
    public void NoiseAddsAnIntegerInMinusOneToOne()
    {
        var env = new Shower(new Shower.Options { Noise = true, StartSpread = 0 });
        env.Reset(seed: 1);
        var offsets = new HashSet<int>();
        for (var episode = 0; episode < 20; episode++)
        {
            var previous = (int)env.Reset()[0];
            for (var i = 0; i < 60; i++)
            {
                var step = env.Step(Keep);
                var now = (int)step.Observation[0];
                offsets.Add(now - previous);
                Assert.AreEqual(now is >= 37 and <= 39 ? 1.0 : -1.0, step.Reward, "The reward judges the noisy temperature.");
                previous = now;
            }
        }
        CollectionAssert.AreEquivalent(new[] { -1, 0, 1 }, offsets.ToArray());
    }

    [TestMethod]
    public void TemperatureStaysInTheObservationBox()
    {
        var env = new Shower(new Shower.Options { StartTemperature = 98, StartSpread = 0, Length = 10 });
        env.Reset(seed: 0);
        for (var i = 0; i < 10; i++)
            Assert.IsTrue(env.ObservationSpace.Contains(env.Step(Up).Observation));
        Assert.AreEqual(100, env.Temperature);
    }

    [TestMethod]
    public void OptimalPolicyReachesTheRegisteredThreshold()
    {
        var spec = new MLContext(seed: 0).Synaptic().Environments.Shower().Spec!;
        Assert.AreEqual(new EnvSpec("Shower-v0", null, 58.0), spec);
        var worst = double.MaxValue;
        for (var start = 35; start <= 41; start++)
        {
            var env = new Shower(new Shower.Options { StartTemperature = start, StartSpread = 0 });
            env.Reset(seed: 0);
            var total = 0.0;
            for (var i = 0; i < 60; i++)
                total += env.Step(Math.Sign(38 - env.Temperature) + 1).Reward;
            worst = Math.Min(worst, total);
        }
        Assert.AreEqual(spec.RewardThreshold!.Value, worst);
    }

    [TestMethod]
    public void RenderShowsTheTemperatureBar()
    {
        var env = new Shower(new Shower.Options { StartSpread = 0 });
        env.Reset(seed: 0);
        var frame = env.Render();
        Assert.AreEqual((120, 320), (frame.Width, frame.Height));
        // The scale runs 17–59 over y = 310…10, so 38 degrees sits at y = 310 − 300·21/42 = 160: red below, not above.
        var below = GridWorldTests.Pixel(frame, 60, 170);
        var above = GridWorldTests.Pixel(frame, 60, 150);
        Assert.IsTrue(below.R > 180 && below.G < 80, $"Below the temperature: {below}.");
        Assert.IsFalse(above.R > 180 && above.G < 80, $"Above the temperature: {above}.");
        Assert.Contains("38°", env.RenderText());
    }

    [TestMethod]
    public void BadOptionsAreRejected()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Shower(new Shower.Options { Length = 0 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Shower(new Shower.Options { StartSpread = -1 }));
        Assert.ThrowsExactly<ArgumentException>(() => new Shower(new Shower.Options { StartTemperature = 99 }));
        Assert.ThrowsExactly<ArgumentException>(() => new Shower(new Shower.Options { ComfortLow = 40 }));
    }
}
