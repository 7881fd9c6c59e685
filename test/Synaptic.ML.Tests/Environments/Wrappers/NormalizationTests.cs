using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Wrappers;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Tests.Environments.Wrappers;

[TestClass]
public sealed class NormalizationTests
{
    private const double Prior = 1e-4;

    /// <summary>
    /// Pooled mean and variance of {prior of weight ε, mean 0, variance 1} ∪ samples, computed
    /// directly (two-pass), the closed form the running update must reproduce.
    /// </summary>
    private static (double Mean, double Variance) Pooled(IReadOnlyList<double> samples)
    {
        var n = Prior + samples.Count;
        var mean = samples.Sum() / n;
        var m2 = Prior * (1 + mean * mean) + samples.Sum(x => (x - mean) * (x - mean));
        return (mean, m2 / n);
    }

    [TestMethod]
    public void RunningMeanStd_EqualsPooledStatistics_SampleBySampleAndByMoments()
    {
        var random = new SplitMix64(12);
        var samples = Enumerable.Range(0, 500).Select(_ => 3 + 5 * random.NextDouble()).ToArray();
        var single = new RunningMeanStd(1);
        foreach (var x in samples)
            single.Update([x]);
        var (mean, variance) = Pooled(samples);
        Assert.AreEqual(mean, single.Mean[0], 1e-12);
        Assert.AreEqual(variance, single.Variance[0], 1e-12);
        Assert.AreEqual(Prior + 500, single.Count, 1e-9);

        // Two batches combined by their moments give the same pooled statistics.
        var batched = new RunningMeanStd(1);
        foreach (var batch in new[] { samples[..200], samples[200..] })
        {
            var m = batch.Average();
            batched.UpdateFromMoments([m], [batch.Average(x => (x - m) * (x - m))], batch.Length);
        }
        Assert.AreEqual(mean, batched.Mean[0], 1e-12);
        Assert.AreEqual(variance, batched.Variance[0], 1e-12);
    }

    [TestMethod]
    public void NormalizeObservation_UsesStatisticsIncludingTheCurrentObservation()
    {
        float[][] script = [[2f, -1f], [4f, 0f], [7f, 5f], [1f, 2f], [3f, 3f]];
        var env = new NormalizeObservation(new ScriptedEnv(script));
        var seen = new List<double>[] { [], [] };
        var observation = new float[2];
        for (var t = 0; t < script.Length; t++)
        {
            if (t == 0)
                env.Reset(observation, 0);
            else
                env.Step([0f], observation);
            for (var d = 0; d < 2; d++)
            {
                seen[d].Add(script[t][d]);
                var (mean, variance) = Pooled(seen[d]);
                var expected = (script[t][d] - mean) / Math.Sqrt(variance + 1e-8);
                Assert.AreEqual(expected, observation[d], 1e-6 * Math.Max(1, Math.Abs(expected)), $"t={t}, d={d}");
            }
        }
        var space = (BoxSpace)env.ObservationSpace;
        Assert.IsTrue(space.Low.ToArray().All(float.IsNegativeInfinity) && space.High.ToArray().All(float.IsPositiveInfinity), $"{space}");
    }

    [TestMethod]
    public void NormalizeObservation_Frozen_KeepsStatisticsAndScalesWithThem()
    {
        float[][] script = [[1f], [2f], [3f], [10f], [20f]];
        var env = new NormalizeObservation(new ScriptedEnv(script, episodeLength: 100));
        env.Reset(0);
        env.Step([0f]);
        env.Step([0f]);
        var mean = env.Statistics.Mean[0];
        var variance = env.Statistics.Variance[0];
        env.UpdateRunningMean = false;
        var result = env.Step([0f]);
        Assert.AreEqual(mean, env.Statistics.Mean[0]);
        Assert.AreEqual(variance, env.Statistics.Variance[0]);
        Assert.AreEqual((float)((10 - mean) / Math.Sqrt(variance + 1e-8)), result.Observation[0]);
    }

    [TestMethod]
    public void NormalizeObservation_Clip_BoundsValuesAndSpace()
    {
        float[][] script = [[0f], [100f], [-100f], [0f]];
        var env = new NormalizeObservation(new ScriptedEnv(script), clip: 0.5f);
        env.Reset(0);
        var big = env.Step([0f]).Observation[0];
        var small = env.Step([0f]).Observation[0];
        Assert.AreEqual(0.5f, big);
        Assert.AreEqual(-0.5f, small);
        var box = (BoxSpace)env.ObservationSpace;
        Assert.AreEqual(-0.5f, box.Low[0]);
        Assert.AreEqual(0.5f, box.High[0]);
    }

    [TestMethod]
    public void NormalizeObservation_RefusesNonBoxObservations()
    {
        var discrete = new Vector.CountdownEnv(3);
        var masked = new MaskObservation(discrete, 2);
        var error = Assert.Throws<ArgumentException>(() => new NormalizeObservation(new DiscretizeObservation(masked, 2, [0f, 0f], [10f, 10f])));
        StringAssert.Contains(error.Message, "needs a Box observation space");
        StringAssert.Contains(error.Message, "Discrete(4)");
    }

    [TestMethod]
    public void NormalizeReward_ScalesByStdOfDiscountedReturn_ResetOnlyByTermination()
    {
        double[] rewards = [1, 2, -1];
        const double gamma = 0.9;
        // Episodes of 3 steps; the first ends by termination, the second by truncation.
        foreach (var truncate in new[] { false, true })
        {
            var env = new NormalizeReward(new ScriptedEnv([[0f]], rewards, episodeLength: 3, truncate: truncate), gamma);
            var returns = new List<double>();
            double g = 0;
            var t = 0;
            for (var episode = 0; episode < 2; episode++)
            {
                env.Reset(0);
                for (var k = 0; k < 3; k++, t++)
                {
                    var result = env.Step([0f]);
                    var ended = k == 2;
                    g = g * gamma * (ended && !truncate ? 0 : 1) + rewards[k];
                    returns.Add(g);
                    var expected = rewards[k] / Math.Sqrt(Pooled(returns).Variance + 1e-8);
                    Assert.AreEqual(expected, result.Reward, 1e-12 * Math.Max(1, Math.Abs(expected)), $"truncate={truncate}, t={t}");
                    Assert.AreEqual(g, env.DiscountedReturn, 1e-12);
                }
            }
        }
    }

    [TestMethod]
    public void NormalizeReward_Frozen_UsesTheLastScale()
    {
        var env = new NormalizeReward(new ScriptedEnv([[0f]], [1, 5, 2, 7], episodeLength: 100));
        env.Reset(0);
        env.Step([0f]);
        env.Step([0f]);
        env.UpdateRunningMean = false;
        var variance = env.Statistics.Variance[0];
        Assert.AreEqual(2 / Math.Sqrt(variance + 1e-8), env.Step([0f]).Reward, 1e-12);
        Assert.AreEqual(variance, env.Statistics.Variance[0]);
    }
}
