using Synaptic.ML.Environments;
using Synaptic.ML.Samples.Cli;

namespace Synaptic.ML.Cli.Tests;

/// <summary>
/// The RL algorithms' own render and analysis: a spiking policy's GIF carries the spike raster beside the frame (a
/// plain policy's does not), the recurrent DQN's analysis writes the PCA of h and M, R-STDP's its spikes and weights,
/// and MAML-RL evaluates and renders adaptation to held-out goals.
/// </summary>
[TestClass]
public sealed class RlRenderAnalyzeTests : CliTest
{
    private string Train(string name, params string[] args)
    {
        var (code, output, error) = Run(["train", .. args, "--out", Dir, "--name", name, "--eval-episodes", "1", "--quiet"]);
        Assert.AreEqual(0, code, $"{output}\n{error}");
        return Path.Combine(Dir, name);
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    // The logical screen width of a GIF (bytes 6–7, little-endian).
    private static int GifWidth(string path)
    {
        var header = File.ReadAllBytes(path).AsSpan(0, 10);
        Assert.IsTrue(header[..6].SequenceEqual("GIF89a"u8), path);
        return header[6] | (header[7] << 8);
    }

    private static int CartPoleFrameWidth()
    {
        var env = EnvRegistry.Make("CartPole-v1");
        env.Reset(new float[4], 0);
        return env.Render().Width;
    }

    [TestMethod]
    public void RenderOfASpikingPolicyPutsTheSpikeRasterBesideTheFrame()
    {
        var run = Train("spiking", "--algo", "ppo", "--preset", "ppo-spiking-cartpole", "--budget", "256", "--set", "Policy.TimeSteps=4", "--set", "Policy.HiddenSizes=16,8");
        var (code, output, error) = Run("render", run, "--episodes", "2");
        Assert.AreEqual(0, code, $"{output}\n{error}");
        var gifs = Lines(output);
        Assert.HasCount(2, gifs);
        foreach (var gif in gifs)
        {
            StringAssert.Contains(Path.GetFileName(gif), "spikes");
            Assert.AreEqual(CartPoleFrameWidth() + SpikeRasterGif.Gap + SpikeRasterGif.RasterWidth(4), GifWidth(gif), gif);
        }
    }

    [TestMethod]
    public void RenderOfAnMlpPolicyWritesThePlainFrames()
    {
        var run = Train("mlp", "--algo", "ppo", "--preset", "ppo-cartpole", "--budget", "256");
        var (code, output, error) = Run("render", run);
        Assert.AreEqual(0, code, $"{output}\n{error}");
        Assert.AreEqual(CartPoleFrameWidth(), GifWidth(Lines(output).Single()));
    }

    [TestMethod]
    public void AnalyzeOfAnMpnDqnRunWritesThePcaOfHAndM()
    {
        var run = Train("mpn", "--algo", "mpn-dqn", "--budget", "1200");
        var (code, output, error) = Run("analyze", run);
        Assert.AreEqual(0, code, $"{output}\n{error}");
        var analysis = Path.Combine(run, "analysis");
        foreach (var file in new[] { "hidden_pca_time.png", "hidden_explained_variance.png", "trace_pca_time.png", "trace_explained_variance.png", "trace_heatmap.png", "analysis.json", "episode.gif" })
        {
            Assert.IsTrue(File.Exists(Path.Combine(analysis, file)), $"{file} is missing; the analysis wrote: {output}");
            StringAssert.Contains(output, Path.Combine(analysis, file));
        }
        var (renderCode, render, renderError) = Run("render", run);
        Assert.AreEqual(0, renderCode, $"{render}\n{renderError}");
        StringAssert.Contains(Path.GetFileName(Lines(render).Single()), "memory");
    }

    [TestMethod]
    public void AnalyzeAndRenderOfAnRstdpRunDrawItsSpikesAndWeights()
    {
        var run = Train("rstdp", "--algo", "rstdp", "--budget", "2");
        var (code, output, error) = Run("analyze", run);
        Assert.AreEqual(0, code, $"{output}\n{error}");
        foreach (var file in new[] { "rstdp-raster.png", "rstdp-pool-rates.png", "rstdp-weights.png" })
            Assert.IsTrue(File.Exists(Path.Combine(run, "analysis", file)), $"{file}: {output}");
        var (renderCode, render, renderError) = Run("render", run);
        Assert.AreEqual(0, renderCode, $"{render}\n{renderError}");
        Assert.IsTrue(File.Exists(Lines(render).Single()));
    }

    [TestMethod]
    public void MamlRlEvaluatesAndRendersAdaptationToHeldOutGoals()
    {
        var run = Train("maml", "--algo", "maml-rl", "--budget", "1", "--set", "MetaBatchSize=2", "--set", "InnerEpisodes=4");
        var (code, output, error) = Run("eval", run, "--episodes", "2");
        Assert.AreEqual(0, code, $"{output}\n{error}");
        StringAssert.Contains(output, $"{CliTaskDistributions.Get(CliTaskDistributions.GridWorldGoals5x5).HeldOut.Count} scores");
        var (renderCode, render, renderError) = Run("render", run, "--episodes", "2");
        Assert.AreEqual(0, renderCode, $"{render}\n{renderError}");
        CollectionAssert.AreEqual(new[] { "adapted-goal-0-4-episode-0.gif", "adapted-goal-4-0-episode-0.gif" }, Lines(render).Select(Path.GetFileName).ToArray());
    }
}
