using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers;

[TestClass]
public sealed class AdvantagesTests
{
    // Two environments, four steps, step-major: entry t·2 + i. Environment 1 ends its episode after step 1.
    private static readonly float[] Rewards = [1f, 0.5f, 2f, -1f, 0f, 3f, 1f, 1f];
    private static readonly float[] Values = [0.2f, 0.1f, 0.4f, -0.3f, 0.5f, 0.6f, 0.1f, 0.9f];
    private static readonly bool[] Ended = [false, false, false, true, false, false, false, false];
    private static readonly float[] LastValues = [0.7f, -0.2f];

    /// <summary>The textbook definition: Aₜ = Σₖ (γλ)ᵏ δₜ₊ₖ up to the episode end or the rollout end, with δ bootstrapped.</summary>
    private static double NaiveGae(int env, int t, double gamma, double lambda)
    {
        var sum = 0.0;
        var weight = 1.0;
        for (var s = t; s < 4; s++)
        {
            var k = s * 2 + env;
            var nextValue = s == 3 ? LastValues[env] : Values[(s + 1) * 2 + env];
            var delta = Rewards[k] + gamma * (Ended[k] ? 0 : nextValue) - Values[k];
            sum += weight * delta;
            if (Ended[k])
                break;
            weight *= gamma * lambda;
        }
        return sum;
    }

    [TestMethod]
    [DataRow(0.99, 0.95)]
    [DataRow(0.9, 0.0)]
    [DataRow(0.98, 1.0)]
    public void GaeMatchesTheSumOfDiscountedTdErrors(double gamma, double lambda)
    {
        var advantages = new float[8];
        var returns = new float[8];
        Advantages.Gae(Rewards, Values, Ended, LastValues, gamma, lambda, advantages, returns);
        for (var t = 0; t < 4; t++)
        {
            for (var env = 0; env < 2; env++)
            {
                var k = t * 2 + env;
                Assert.AreEqual(NaiveGae(env, t, gamma, lambda), advantages[k], 1e-5, $"A at t={t}, env={env}");
                Assert.AreEqual(advantages[k] + Values[k], returns[k], 1e-5);
            }
        }
    }

    [TestMethod]
    public void LambdaOneGivesBootstrappedNStepReturns()
    {
        var advantages = new float[8];
        var returns = new float[8];
        Advantages.Gae(Rewards, Values, Ended, LastValues, 0.5, 1.0, advantages, returns);
        // Environment 0 never ends: G₀ = r₀ + γr₁ + γ²r₂ + γ³r₃ + γ⁴V(last).
        var expected = 1 + 0.5 * 2 + 0.25 * 0 + 0.125 * 1 + 0.0625 * 0.7;
        Assert.AreEqual(expected, returns[0], 1e-6);
        // Environment 1 ended after step 1: G₀ = r₀ + γr₁, no bootstrap.
        Assert.AreEqual(0.5 + 0.5 * -1, returns[1], 1e-6);
        Assert.AreEqual(-1, returns[3], 1e-6);
    }

    [TestMethod]
    public void DiscountedReturnsRestartAtEpisodeEnds()
    {
        var returns = new float[8];
        Advantages.DiscountedReturns(Rewards, Ended, 2, 0.5, returns);
        Assert.AreEqual(1 + 0.5 * 2 + 0.25 * 0 + 0.125 * 1, returns[0], 1e-6);
        Assert.AreEqual(0.5 - 0.5, returns[1], 1e-6);
        Assert.AreEqual(-1, returns[3], 1e-6);
        Assert.AreEqual(3 + 0.5 * 1, returns[5], 1e-6, "A new episode starts after the end.");
        Assert.AreEqual(1, returns[7], 1e-6);
    }

    [TestMethod]
    public void NormalizeGivesZeroMeanAndUnitSampleDeviation()
    {
        float[] values = [3, 5, 9, -1, 4];
        Advantages.Normalize(values);
        Assert.AreEqual(0, values.Average(), 1e-6);
        var variance = values.Sum(v => (double)v * v) / (values.Length - 1);
        Assert.AreEqual(1, variance, 1e-5);
    }

    [TestMethod]
    public void InconsistentSizesAreRefused()
    {
        var ex = Assert.ThrowsExactly<ArgumentException>(() =>
            Advantages.Gae(Rewards, Values.AsSpan(0, 6), Ended, LastValues, 0.9, 0.9, new float[8], new float[8]));
        StringAssert.Contains(ex.Message, "6 values");
    }
}
