using System.Text.Json;
using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Samples.Cli;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Cli.Tests;

[TestClass]
public sealed class ModelVerbTests : CliTest
{
    private string Train(string algo = "ppo", string env = "CartPole-v1", string budget = "2560")
    {
        var experiments = Path.Combine(Dir, "experiments");
        var (code, _, error) = Run("train", "--algo", algo, "--env", env, "--seed", "1", "--budget", budget, "--out", experiments, "--quiet");
        Assert.AreEqual(0, code, error);
        return SingleExperiment(experiments);
    }

    [TestMethod]
    public void EvalReportsTheMeanWithItsConfidenceIntervalAndSuccessRate()
    {
        var root = Train();
        var (code, output, error) = Run("eval", root, "--episodes", "8", "--seed", "40");

        Assert.AreEqual(0, code, error);
        var ml = new MLContext(seed: 0);
        var policy = (PolicyTransformer)ml.Synaptic().LoadModel(Path.Combine(root, "final.zip"), out _);
        var returns = ml.Synaptic().Evaluate(policy, () => EnvRegistry.Make("CartPole-v1"), episodes: 8, seed: 40).Returns;
        var mean = returns.Average();
        var sd = Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / 7);
        var halfWidth = 2.3646 * sd / Math.Sqrt(8);   // Student's t(0.975, 7)
        using var evaluation = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "evaluation.json")));
        Assert.AreEqual(mean, evaluation.RootElement.GetProperty("mean").GetDouble(), 1e-9);
        Assert.AreEqual(halfWidth, evaluation.RootElement.GetProperty("ci95").GetDouble(), 1e-9);
        Assert.AreEqual(returns.Count(r => r >= 475) / 8.0, evaluation.RootElement.GetProperty("successRate").GetDouble());
        StringAssert.Contains(output, $"return {mean.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)} ± {halfWidth.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)}");

        var best = Run("eval", root, "--model", "best", "--episodes", "2");
        Assert.AreEqual(0, best.Code, best.Error);
        StringAssert.Contains(best.Output, "best.zip");
    }

    [TestMethod]
    public void EvalTakesABareZipWithItsAlgorithmAndEnvironment()
    {
        var root = Train();
        var zip = Path.Combine(Dir, "policy.zip");
        File.Copy(Path.Combine(root, "final.zip"), zip);

        var missing = Run("eval", zip);
        Assert.AreEqual(2, missing.Code);
        StringAssert.Contains(missing.Error, "--algo");
        var (code, output, error) = Run("eval", zip, "--algo", "ppo", "--env", "CartPole-v1", "--episodes", "3");
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "policy.zip on CartPole-v1: return");
    }

    [TestMethod]
    public void RenderWritesAGifOfEachEpisode()
    {
        var root = Train();
        var (code, output, error) = Run("render", root, "--episodes", "2");

        Assert.AreEqual(0, code, error);
        var gifs = Directory.GetFiles(Path.Combine(root, "videos"), "*.gif");
        Assert.HasCount(2, gifs);
        foreach (var gif in gifs)
        {
            var bytes = File.ReadAllBytes(gif);
            Assert.AreEqual("GIF89a", System.Text.Encoding.ASCII.GetString(bytes, 0, 6), gif);
            StringAssert.Contains(output, gif);
        }
    }

    [TestMethod]
    public void AnalyzePlotsTheMetricGroupsAndSummarisesThem()
    {
        var root = Train();
        var (code, output, error) = Run("analyze", root);

        Assert.AreEqual(0, code, error);
        foreach (var file in new[] { "rollout.png", "train.png", "eval.png", "summary.md" })
            StringAssert.Contains(output, Path.Combine(root, "analysis", file));
        var summary = File.ReadAllText(Path.Combine(root, "analysis", "summary.md"));
        var metrics = MetricsFile.Read(Path.Combine(root, "metrics.csv"));
        var (_, values) = metrics.Series("train/approx_kl");
        StringAssert.Contains(summary, $"| train/approx_kl | {values.Length} |");
        StringAssert.Contains(summary, "No spike metrics were recorded");

        var notExperiment = Run("analyze", Dir);
        Assert.AreEqual(1, notExperiment.Code);
        StringAssert.Contains(notExperiment.Error, "config.json");
    }
}
