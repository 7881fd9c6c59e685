using Spectre.Console.Testing;
using Synaptic.ML.Samples.Cli;

namespace Synaptic.ML.Cli.Tests;

/// <summary>A spiking network's activity while it trains: shown live, written to metrics.csv and to TensorBoard.</summary>
[TestClass]
public sealed class MonitoringTests : CliTest
{
    private static readonly string[] SpikingPpo = ["Policy=Spiking", "Policy.HiddenSizes=16", "Policy.TimeSteps=4"];

    [TestMethod]
    public void TheLiveDisplayShowsTheLayersFiringRatesAndTheEta()
    {
        var console = new TestConsole().Interactive();
        console.Profile.Width = 400;
        var request = new TrainRequest
        {
            Algorithm = "ppo",
            Environment = "CartPole-v1",
            Budget = 2560,
            Settings = [.. SpikingPpo.Select(s => s)],
            ExperimentsDirectory = Path.Combine(Dir, "experiments"),
        };
        var result = ExperimentRunner.Train(request, new LiveTrainingDisplay(console));

        Assert.IsFalse(result.Interrupted);
        StringAssert.Contains(console.Output, "spikes/layer0/rate");
        StringAssert.Contains(console.Output, "ppo CartPole-v1 seed 1 · done");
        StringAssert.Contains(console.Output, "100%");
    }

    [TestMethod]
    public void SpikeMetricsReachTheMetricsFileTheSummaryAndTensorBoard()
    {
        var experiments = Path.Combine(Dir, "experiments");
        var (code, _, error) = Run(["train", "--algo", "ppo", "--env", "CartPole-v1", "--budget", "2560", "--out", experiments, "--quiet",
            .. SpikingPpo.SelectMany(s => new[] { "--set", s })]);
        Assert.AreEqual(0, code, error);
        var root = SingleExperiment(experiments);

        var metrics = MetricsFile.Read(Path.Combine(root, "metrics.csv"));
        var (_, rates) = metrics.Series("spikes/layer0/rate");
        var (_, silent) = metrics.Series("spikes/layer0/silent_fraction");
        Assert.HasCount(10, rates);   // one per PPO update
        Assert.IsTrue(rates.All(r => r is >= 0 and <= 1) && silent.All(f => f is >= 0 and <= 1));
        var events = Directory.GetFiles(Path.Combine(root, "tensorboard"), "events.out.tfevents.*");
        Assert.HasCount(1, events);
        Assert.IsGreaterThan(0L, new FileInfo(events[0]).Length);

        Assert.AreEqual(0, Run("analyze", root).Code);
        Assert.IsTrue(File.Exists(Path.Combine(root, "analysis", "spikes.png")));
        StringAssert.Contains(File.ReadAllText(Path.Combine(root, "analysis", "summary.md")), "- spikes/layer0/rate:");
    }
}
