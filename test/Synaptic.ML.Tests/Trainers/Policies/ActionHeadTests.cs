using Synaptic.ML.Environments;
using Synaptic.ML.Randomness;
using Synaptic.ML.Trainers;
using static TorchSharp.torch;

namespace Synaptic.ML.Tests.Trainers;

[TestClass]
public sealed class ActionHeadTests
{
    private static readonly float[] Logits = [0.5f, -1.0f, 2.0f];

    [TestMethod]
    public void CategoricalLogProbabilityAndEntropyFollowTheSoftmax()
    {
        var head = new CategoricalHead(3, start: 10);
        var z = Logits.Sum(l => Math.Exp(l));
        var p = Logits.Select(l => Math.Exp(l) / z).ToArray();
        using var parameters = tensor(Logits.Concat(Logits).ToArray(), [2, 3]);
        using var actions = tensor(new float[] { 12, 11 }, [2, 1]);
        var logProbabilities = head.LogProbability(parameters, null, actions).data<float>().ToArray();
        Assert.AreEqual(Math.Log(p[2]), logProbabilities[0], 1e-5, "Action 12 is class 2 of a space starting at 10.");
        Assert.AreEqual(Math.Log(p[1]), logProbabilities[1], 1e-5);
        var entropy = head.Entropy(parameters, null).data<float>().ToArray();
        Assert.AreEqual(-p.Sum(q => q * Math.Log(q)), entropy[0], 1e-5);
    }

    [TestMethod]
    public void CategoricalSamplesFollowTheProbabilitiesAndReturnTheirLogProbability()
    {
        var head = new CategoricalHead(3, start: 10);
        var z = Logits.Sum(l => Math.Exp(l));
        var random = new SplitMix64(3);
        var counts = new int[3];
        var action = new float[1];
        const int draws = 30_000;
        for (var i = 0; i < draws; i++)
        {
            var logProbability = head.Sample(Logits, [], action, ref random);
            var c = (int)action[0] - 10;
            counts[c]++;
            Assert.AreEqual(Logits[c] - Math.Log(z), logProbability, 1e-6);
        }
        for (var c = 0; c < 3; c++)
        {
            var p = Math.Exp(Logits[c]) / z;
            var sigma = Math.Sqrt(draws * p * (1 - p));
            Assert.AreEqual(draws * p, counts[c], 5 * sigma, $"class {c}");
        }
        head.Mode(Logits, action);
        Assert.AreEqual(12, action[0]);
    }

    [TestMethod]
    public void GaussianLogProbabilityIsTheDiagonalNormalDensity()
    {
        var head = new GaussianHead([-2f, -1f], [2f, 1f]);
        float[] mean = [0.3f, -0.4f];
        float[] logStd = [-0.5f, 0.2f];
        float[] action = [1.1f, -2.5f];
        var expected = 0.0;
        for (var i = 0; i < 2; i++)
        {
            var std = Math.Exp(logStd[i]);
            expected += -0.5 * Math.Pow((action[i] - mean[i]) / std, 2) - Math.Log(std) - 0.5 * Math.Log(2 * Math.PI);
        }
        using var parameters = tensor(mean, [1, 2]);
        using var logStdTensor = tensor(logStd);
        using var actions = tensor(action, [1, 2]);
        Assert.AreEqual(expected, head.LogProbability(parameters, logStdTensor, actions).item<float>(), 1e-5);
        var entropy = logStd.Sum(s => 0.5 + 0.5 * Math.Log(2 * Math.PI) + s);
        Assert.AreEqual(entropy, head.Entropy(parameters, logStdTensor).item<float>(), 1e-5);
    }

    [TestMethod]
    public void GaussianSamplesHaveTheMeanAndDeviationAndAreClippedOnlyForTheEnvironment()
    {
        var head = new GaussianHead([-2f], [2f]);
        float[] mean = [1.5f];
        float[] logStd = [(float)Math.Log(0.8)];
        var random = new SplitMix64(11);
        var action = new float[1];
        var environmentAction = new float[1];
        const int draws = 40_000;
        double sum = 0, squares = 0;
        var outside = 0;
        for (var i = 0; i < draws; i++)
        {
            var logProbability = head.Sample(mean, logStd, action, ref random);
            var z = (action[0] - mean[0]) / 0.8;
            Assert.AreEqual(-0.5 * z * z - Math.Log(0.8) - 0.5 * Math.Log(2 * Math.PI), logProbability, 1e-4);
            sum += action[0];
            squares += action[0] * action[0];
            head.ToEnvironmentAction(action, environmentAction);
            Assert.AreEqual(Math.Clamp(action[0], -2f, 2f), environmentAction[0]);
            if (action[0] > 2)
                outside++;
        }
        var sampleMean = sum / draws;
        Assert.AreEqual(1.5, sampleMean, 5 * 0.8 / Math.Sqrt(draws));
        Assert.AreEqual(0.8, Math.Sqrt(squares / draws - sampleMean * sampleMean), 0.01);
        Assert.IsTrue(outside > 0, "Raw samples are not clipped (their log-probabilities refer to the raw value).");
    }

    [TestMethod]
    public void HeadsFollowTheActionSpace()
    {
        Assert.IsInstanceOfType<CategoricalHead>(ActionHead.For(new DiscreteSpace(4), "X-v0"));
        Assert.IsInstanceOfType<GaussianHead>(ActionHead.For(new BoxSpace(-1, 1, 3), "X-v0"));
        var ex = Assert.ThrowsExactly<NotSupportedException>(() => ActionHead.For(new MultiDiscreteSpace([2, 3]), "Multi-v0"));
        StringAssert.Contains(ex.Message, "Multi-v0");
    }
}
