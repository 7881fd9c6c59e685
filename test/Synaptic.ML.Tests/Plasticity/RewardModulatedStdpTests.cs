using Synaptic.ML.Plasticity;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Tests.Plasticity;

[TestClass]
public sealed class RewardModulatedStdpTests
{
    private const int Size = 10;

    private static LifPopulation Population() =>
        new(new LifPopulation.Options { Size = Size, InhibitoryFraction = 0.2, InitialWeightMagnitude = 0.5f }, seed: 11);

    // A fixed random raster (about 10 % spikes per step) so the eligibility has both signs.
    private static void RunTrial(RewardModulatedStdp rule)
    {
        var random = new SplitMix64(77);
        var spikes = new float[Size];
        for (var t = 0; t < 100; t++)
        {
            for (var i = 0; i < Size; i++)
                spikes[i] = random.NextSingle() < 0.1f ? 1f : 0f;
            rule.Observe(spikes);
        }
    }

    [TestMethod]
    [DataRow(1f)]
    [DataRow(-1f)]
    [DataRow(3f)]
    public void WeightsMoveByLearningRateTimesRewardMinusBaselineTimesEligibility(float reward)
    {
        const float eta = 2f;
        const float baseline = 0.5f;
        var population = Population();
        var rule = new RewardModulatedStdp(population, new RewardModulatedStdp.Options { LearningRate = eta, InitialBaseline = baseline });
        RunTrial(rule);
        var eligibility = rule.Stdp.Eligibility.ToArray();
        var before = population.Weights.ToArray();

        var modulation = rule.EndTrial(reward, population);

        Assert.AreEqual(reward - baseline, modulation);
        var after = population.Weights;
        int along = 0, against = 0;
        for (var k = 0; k < before.Length; k++)
        {
            int i = k / Size, j = k % Size;
            if (i == j)
                continue;
            var (lo, hi) = j < population.ExcitatoryCount ? (0.01f, 0.9f) : (-0.9f, -0.01f);
            var expected = Math.Clamp(before[k] + eta * modulation * eligibility[k], lo, hi);
            Assert.AreEqual(expected, after[k], 1e-6f, $"W[{i},{j}]");
            var moved = after[k] - before[k];
            if (moved != 0f)
            {
                if (Math.Sign(moved) == Math.Sign(eligibility[k]))
                    along++;
                else
                    against++;
            }
        }
        // Positive R − R̄ moves W along E, negative against it (clipping can only shorten the move).
        if (modulation > 0)
        {
            Assert.IsGreaterThan(20, along);
            Assert.AreEqual(0, against);
        }
        else
        {
            Assert.IsGreaterThan(20, against);
            Assert.AreEqual(0, along);
        }
    }

    [TestMethod]
    public void RewardEqualToBaselineLeavesWeightsUnchanged()
    {
        var population = Population();
        var rule = new RewardModulatedStdp(population, new RewardModulatedStdp.Options { InitialBaseline = 0.7f });
        RunTrial(rule);
        Assert.IsGreaterThan(0f, TensorSumOfMagnitudes(rule.Stdp.Eligibility));
        var before = population.Weights.ToArray();
        Assert.AreEqual(0f, rule.EndTrial(0.7f, population));
        CollectionAssert.AreEqual(before, population.Weights.ToArray());
        Assert.AreEqual(0f, TensorSumOfMagnitudes(rule.Stdp.Eligibility), "Eligibility is cleared at the end of a trial.");
    }

    private static float TensorSumOfMagnitudes(ReadOnlySpan<float> values) => System.Numerics.Tensors.TensorPrimitives.SumOfMagnitudes(values);

    [TestMethod]
    public void LargeUpdatesAreClippedIntoTheExcitatoryAndInhibitoryBounds()
    {
        var population = Population();
        var rule = new RewardModulatedStdp(population, new RewardModulatedStdp.Options { LearningRate = 1000f });
        RunTrial(rule);
        rule.EndTrial(1f, population);
        var w = population.Weights;
        int atBound = 0;
        for (var k = 0; k < w.Length; k++)
        {
            int i = k / Size, j = k % Size;
            if (i == j)
            { Assert.AreEqual(0f, w[k]); continue; }
            if (j < population.ExcitatoryCount)
                Assert.IsTrue(w[k] is >= 0.01f and <= 0.9f, $"W[{i},{j}] = {w[k]}");
            else
                Assert.IsTrue(w[k] is >= -0.9f and <= -0.01f, $"W[{i},{j}] = {w[k]}");
            if (w[k] is 0.01f or 0.9f or -0.9f or -0.01f)
                atBound++;
        }
        Assert.IsGreaterThan(20, atBound, "With η = 1000 many weights must hit a bound.");
    }

    [TestMethod]
    public void BaselineIsAnExponentialMovingAverageOfRewards()
    {
        var population = Population();
        var rule = new RewardModulatedStdp(population, new RewardModulatedStdp.Options { BaselineRate = 0.25f });
        float[] rewards = [1f, 0f, 2f, -1f];
        var expected = 0.0;
        foreach (var r in rewards)
        {
            RunTrial(rule);
            Assert.AreEqual(r - expected, rule.EndTrial(r, population), 1e-6);
            expected += 0.25 * (r - expected);
            Assert.AreEqual(expected, rule.Baseline, 1e-6);
        }
    }

    [TestMethod]
    public void BadInputsAreRejectedByName()
    {
        var population = Population();
        Assert.AreEqual("BaselineRate", Assert.ThrowsExactly<ArgumentOutOfRangeException>(
            () => new RewardModulatedStdp(population, new RewardModulatedStdp.Options { BaselineRate = 1.5f })).ParamName);
        Assert.AreEqual("LearningRate", Assert.ThrowsExactly<ArgumentOutOfRangeException>(
            () => new RewardModulatedStdp(population, new RewardModulatedStdp.Options { LearningRate = -1f })).ParamName);
        var rule = new RewardModulatedStdp(population);
        Assert.AreEqual("reward", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => rule.EndTrial(float.NaN, population)).ParamName);
        Assert.AreEqual("population", Assert.ThrowsExactly<ArgumentException>(
            () => rule.EndTrial(1f, new LifPopulation(new LifPopulation.Options { Size = 5 }, 1))).ParamName);
    }
}
