using System.Text.Json;
using Synaptic.ML.Samples.Cli;

namespace Synaptic.ML.Cli.Tests;

/// <summary>
/// <c>synaptic sweep</c> end to end on one small sweep (PPO on CartPole-v1, 1,024 steps a run: two options of two
/// values each × 3 seeds = 12 runs, a few seconds), made once for the class.
/// </summary>
[TestClass]
public sealed class SweepCommandTests
{
    private static string _root = "";
    private static string _sweep = "";
    private static string _output = "";
    private static readonly string[] Arguments =
        ["sweep", "--algo", "ppo", "--env", "CartPole-v1", "--budget", "1024", "--grid", "LearningRate=1e-3,3e-4", "--grid", "Epochs=5,10", "--seeds", "1,2,3", "--name", "lr-epochs"];

    [ClassInitialize]
    public static void RunTheSweep(TestContext context)
    {
        _root = Directory.CreateTempSubdirectory("synaptic-cli-sweep-").FullName;
        var (code, output, error) = Run([.. Arguments, "--out", Path.Combine(_root, "sweeps")]);
        Assert.AreEqual(0, code, output + error);
        _output = output;
        _sweep = Path.Combine(_root, "sweeps", "lr-epochs");
    }

    [ClassCleanup]
    public static void RemoveTheSweep()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    [TestMethod]
    public void ASweepOverTwoOptionsAndThreeSeedsWritesEveryRunAndItsSummary()
    {
        var runs = Directory.GetDirectories(Path.Combine(_sweep, "runs")).Select(Path.GetFileName).Order().ToList();
        CollectionAssert.AreEqual(
            Enumerable.Range(1, 4).SelectMany(c => new[] { 1, 2, 3 }.Select(s => $"config-{c:D2}__seed-{s}")).ToList(), runs);
        foreach (var file in new[] { "sweep.json", "summary.md", "summary.csv", "best.json" })
            Assert.IsTrue(File.Exists(Path.Combine(_sweep, file)), file);
        var summary = File.ReadAllText(Path.Combine(_sweep, "summary.md"));
        foreach (var label in new[] { "LearningRate=1e-3, Epochs=5", "LearningRate=1e-3, Epochs=10", "LearningRate=3e-4, Epochs=5", "LearningRate=3e-4, Epochs=10" })
            Assert.Contains($"| {label} | 1, 2, 3 |", summary);
        Assert.Contains("4 configurations × 3 seeds (1, 2, 3) = 12 runs", summary);
        Assert.Contains("[12/12]", _output);
    }

    [TestMethod]
    public void TheSummaryGivesEachConfigurationsMeanAndIntervalOverItsRunsEvaluations()
    {
        var rows = RunFiles.ReadCsv(Path.Combine(_sweep, "summary.csv"));
        Assert.HasCount(4, rows);
        var means = new List<double>();
        foreach (var row in rows)
        {
            var scores = new[] { 1, 2, 3 }.Select(seed => RunFiles.EvaluationMean(Path.Combine(_sweep, "runs", $"config-{row["id"]}__seed-{seed}"))).ToList();
            var (mean, halfWidth) = RunFiles.MeanAndInterval(scores);
            Assert.AreEqual(mean, RunFiles.Number(row["mean"]), 1e-9, row["configuration"]);
            Assert.AreEqual(halfWidth, RunFiles.Number(row["ci95"]), 1e-9, row["configuration"]);
            Assert.AreEqual(string.Join(";", scores.Select(s => s.ToString("R", System.Globalization.CultureInfo.InvariantCulture))), row["scores"]);
            Assert.AreEqual($"LearningRate={row["LearningRate"]}, Epochs={row["Epochs"]}", row["configuration"]);
            means.Add(mean);
        }
        CollectionAssert.AreEqual(means.OrderDescending().ToList(), means, "Best first.");
        Assert.AreEqual("1", rows[0]["rank"]);
    }

    [TestMethod]
    public void BestJsonTrainsTheBestConfigurationWithTrainConfig()
    {
        var best = RunFiles.ReadCsv(Path.Combine(_sweep, "summary.csv"))[0];
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_sweep, "best.json"))))
        {
            var options = json.RootElement.GetProperty("options");
            Assert.AreEqual(best["LearningRate"], options.GetProperty("LearningRate").GetString());
            Assert.AreEqual(best["Epochs"], options.GetProperty("Epochs").GetString());
            Assert.AreEqual("ppo", json.RootElement.GetProperty("algorithm").GetString());
        }
        var experiments = Path.Combine(_root, $"best-{Guid.NewGuid():N}");
        var (code, output, error) = Run("train", "--config", Path.Combine(_sweep, "best.json"), "--seed", "2", "--out", experiments, "--quiet");
        Assert.AreEqual(0, code, output + error);
        var trained = Directory.GetDirectories(experiments).Single();
        var config = ExperimentConfig.Load(Path.Combine(trained, "config.json"));
        Assert.AreEqual(best["LearningRate"], config.Settings["LearningRate"]);
        Assert.AreEqual(1024L, config.Budget);
        Assert.AreEqual(
            RunFiles.EvaluationMean(Path.Combine(_sweep, "runs", $"config-{best["id"]}__seed-2")), RunFiles.EvaluationMean(trained),
            "train --config best.json --seed 2 is the sweep's run of that configuration with seed 2.");
    }

    [TestMethod]
    public void TheSameSweepAgainKeepsItsFinishedRuns()
    {
        var before = File.ReadAllText(Path.Combine(_sweep, "summary.csv"));
        var (code, output, error) = Run([.. Arguments, "--out", Path.Combine(_root, "sweeps")]);
        Assert.AreEqual(0, code, output + error);
        Assert.Contains("Continuing the sweep", output);
        Assert.AreEqual(12, output.Split('\n').Count(l => l.Contains("completed earlier", StringComparison.Ordinal)), output);
        Assert.AreEqual(before, File.ReadAllText(Path.Combine(_sweep, "summary.csv")));
    }

    [TestMethod]
    public void AnotherSweepUnderTheSameNameIsRefused()
    {
        var (code, _, error) = Run([.. Arguments[..^2], "--name", "lr-epochs", "--seeds", "4", "--out", Path.Combine(_root, "sweeps")]);
        Assert.AreEqual(1, code, error);
        Assert.Contains("holds another sweep", error);
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = SynapticCommandLine.Run(args, new CliConsole(output, error, Live: false));
        return (code, output.ToString(), error.ToString());
    }
}
