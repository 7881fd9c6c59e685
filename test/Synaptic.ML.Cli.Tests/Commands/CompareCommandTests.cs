using Synaptic.ML.Samples.Cli;

namespace Synaptic.ML.Cli.Tests;

/// <summary>
/// <c>synaptic compare</c> end to end: PPO and A2C on CartPole-v1 (1,024 steps) × 3 seeds, trained once for the class
/// by <c>compare --algo ppo --algo a2c</c>, then compared again from their folders.
/// </summary>
[TestClass]
public sealed class CompareCommandTests
{
    private static string _root = "";
    private static string _comparison = "";

    [ClassInitialize]
    public static void TrainAndCompare(TestContext context)
    {
        _root = Directory.CreateTempSubdirectory("synaptic-cli-compare-").FullName;
        var (code, output, error) = Run("compare", "--algo", "ppo", "--algo", "a2c", "--env", "CartPole-v1", "--seeds", "1,2,3", "--budget", "1024",
            "--out", Path.Combine(_root, "compare"), "--name", "ppo-a2c");
        Assert.AreEqual(0, code, output + error);
        _comparison = Path.Combine(_root, "compare", "ppo-a2c");
    }

    [ClassCleanup]
    public static void RemoveTheRuns()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    private static string Runs => Path.Combine(_comparison, "runs");

    [TestMethod]
    public void ComparingTwoAlgorithmsTimesThreeSeedsWritesTheTableAndThePlots()
    {
        Assert.HasCount(6, Directory.GetDirectories(Runs));
        var table = File.ReadAllText(Path.Combine(_comparison, "comparison.md"));
        Assert.Contains("| ppo | 1, 2, 3 |", table);
        Assert.Contains("| a2c | 1, 2, 3 |", table);
        Assert.Contains("![learning curves: rollout/episode_return", table);
        Assert.IsTrue(RunFiles.IsPng(Path.Combine(_comparison, "comparison.png")), "learning curves");
        Assert.IsTrue(RunFiles.IsPng(Path.Combine(_comparison, "scores.png")), "final scores");
    }

    [TestMethod]
    public void TheTableGivesEachAlgorithmsMeanAndIntervalOverItsRunsEvaluations()
    {
        var rows = RunFiles.ReadCsv(Path.Combine(_comparison, "comparison.csv"));
        Assert.HasCount(2, rows);
        foreach (var row in rows)
        {
            var scores = new[] { 1, 2, 3 }.Select(seed => RunFiles.EvaluationMean(Path.Combine(Runs, $"{row["algorithm"]}__CartPole-v1__seed-{seed}"))).ToList();
            var (mean, halfWidth) = RunFiles.MeanAndInterval(scores);
            Assert.AreEqual(mean, RunFiles.Number(row["mean"]), 1e-9, row["algorithm"]);
            Assert.AreEqual(halfWidth, RunFiles.Number(row["ci95"]), 1e-9, row["algorithm"]);
            Assert.AreEqual(row["algorithm"], row["configuration"]);
        }
        Assert.IsGreaterThanOrEqualTo(RunFiles.Number(rows[1]["mean"]), RunFiles.Number(rows[0]["mean"]), "Best first.");
    }

    [TestMethod]
    public void ComparingTheExperimentFoldersGivesTheSameTable()
    {
        var folders = Directory.GetDirectories(Runs);
        var (code, output, error) = Run(["compare", .. folders, "--out", Path.Combine(_root, "again"), "--name", "folders"]);
        Assert.AreEqual(0, code, output + error);
        var trained = RunFiles.ReadCsv(Path.Combine(_comparison, "comparison.csv"));
        var again = RunFiles.ReadCsv(Path.Combine(_root, "again", "folders", "comparison.csv"));
        CollectionAssert.AreEqual(trained.Select(r => (r["configuration"], r["scores"], r["mean"], r["ci95"])).ToList(), again.Select(r => (r["configuration"], r["scores"], r["mean"], r["ci95"])).ToList());
        Assert.IsTrue(RunFiles.IsPng(Path.Combine(_root, "again", "folders", "comparison.png")));
    }

    [TestMethod]
    public void AFolderOfFoldersLeavesOutRunsWithoutAnEvaluationAndSaysSo()
    {
        var copy = Path.Combine(_root, $"copy-{Guid.NewGuid():N}");
        foreach (var run in Directory.GetDirectories(Runs))
        {
            var target = Path.Combine(copy, Path.GetFileName(run));
            Directory.CreateDirectory(target);
            foreach (var file in new[] { "config.json", "evaluation.json", "metrics.csv" })
                File.Copy(Path.Combine(run, file), Path.Combine(target, file));
        }
        File.Delete(Path.Combine(copy, "ppo__CartPole-v1__seed-2", "evaluation.json"));
        var (code, output, error) = Run("compare", copy, "--out", Path.Combine(_root, "again"), "--name", Path.GetFileName(copy));
        Assert.AreEqual(0, code, output + error);
        Assert.Contains("ppo__CartPole-v1__seed-2 has no evaluation.json", error);
        var ppo = RunFiles.ReadCsv(Path.Combine(_root, "again", Path.GetFileName(copy), "comparison.csv")).Single(r => r["algorithm"] == "ppo");
        Assert.AreEqual("1;3", ppo["seeds"]);
    }

    [TestMethod]
    public void AFolderThatIsNoExperimentIsNamed()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_root, $"empty-{Guid.NewGuid():N}")).FullName;
        var (code, _, error) = Run("compare", Path.Combine(Runs, "ppo__CartPole-v1__seed-1"), empty, "--out", Path.Combine(_root, "again"));
        Assert.AreEqual(1, code, error);
        Assert.Contains($"'{empty}' is not an experiment folder", error);
        (code, _, error) = Run("compare", Path.Combine(_root, "missing"), "--out", Path.Combine(_root, "again"));
        Assert.AreEqual(1, code, error);
        Assert.Contains("missing' does not exist", error);
    }

    [TestMethod]
    public void FoldersWithAlgorithmsOrUnknownAlgorithmsAreUsageErrorsBeforeAnyRun()
    {
        var (code, _, error) = Run("compare", Runs, "--algo", "ppo");
        Assert.AreEqual(2, code, error);
        Assert.Contains("not both", error);
        var output = Path.Combine(_root, $"unknown-{Guid.NewGuid():N}");
        (code, _, error) = Run("compare", "--algo", "ppo", "--algo", "pp0", "--env", "CartPole-v1", "--out", output);
        Assert.AreEqual(2, code, error);
        Assert.Contains("'pp0'", error);
        Assert.IsFalse(Directory.Exists(output), "Nothing trains before every run is checked.");
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = SynapticCommandLine.Run(args, new CliConsole(output, error, Live: false));
        return (code, output.ToString(), error.ToString());
    }
}
