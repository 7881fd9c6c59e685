using System.Globalization;
using System.Text.Json;
using Synaptic.ML.Samples.Cli;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Cli.Tests;

/// <summary>
/// Every shipped RL preset trains through the command line for a tiny budget (a few iterations, seconds each) into an
/// experiment folder: the registrations, the tool's environment, curriculum and task-distribution ids, and the
/// presets fit together end to end.
/// </summary>
[TestClass]
public sealed class RlTrainTests : CliTest
{
    // Budgets of one or two iterations in each algorithm's unit (steps, episodes, meta-iterations), and settings that shrink a run further.
    private static readonly Dictionary<string, (long Budget, string[] Settings)> TinyRuns = new()
    {
        ["a2c-cartpole"] = (400, []),
        ["a2c-acrobot"] = (400, []),
        ["a2c-pendulum"] = (640, []),
        ["ppo-cartpole"] = (512, []),
        ["ppo-pendulum"] = (4_096, []),
        ["ppo-acrobot"] = (4_096, []),
        ["ppo-spiking-cartpole"] = (512, []),
        ["ppo-shower"] = (2_048, []),
        ["reinforce-cartpole"] = (200, []),
        ["dqn-cartpole"] = (1_300, []),
        ["dqn-acrobot"] = (300, []),
        ["dqn-mountaincar"] = (1_100, []),
        ["dqn-minatar-breakout"] = (1_000, []),
        ["mpn-dqn-masked-cartpole"] = (1_200, []),
        ["mpn-dqn-integration"] = (1_200, []),
        ["q-learning-taxi"] = (2_000, []),
        ["sarsa-taxi"] = (2_000, []),
        ["expected-sarsa-taxi"] = (2_000, []),
        ["stdp-q-taxi"] = (2_000, []),
        ["rstdp-lane-keeping"] = (2, []),
        ["spiking-maze"] = (3, []),
        ["maml-rl-gridworld"] = (1, ["MetaBatchSize=2", "InnerEpisodes=4"]),
    };

    public static IEnumerable<object[]> RlPresetNames() => RlPresetTests.RlPresetNames();

    [TestMethod]
    public void EveryRlPresetHasATinyRunHere() =>
        CollectionAssert.AreEquivalent(RlPresetTests.RlPresets().Select(p => p.Name).ToArray(), TinyRuns.Keys.ToArray(),
            "A new RL preset gets a tiny run in this table (and an old one leaves it).");

    [TestMethod]
    [DynamicData(nameof(RlPresetNames))]
    public void EveryRlPresetTrainsForATinyBudgetIntoAnExperimentFolder(string name)
    {
        var preset = TrainerPresets.Get(name);
        var (budget, settings) = TinyRuns[name];
        string[] args = ["train", "--algo", preset.Algorithm, "--preset", name, "--budget", budget.ToString(CultureInfo.InvariantCulture),
            "--out", Dir, "--name", "run", "--eval-episodes", "2", "--quiet", .. settings.SelectMany(s => new[] { "--set", s })];
        var (code, output, error) = Run(args);
        Assert.AreEqual(0, code, $"{output}\n{error}");
        var folder = Path.Combine(Dir, "run");
        Assert.IsTrue(File.Exists(Path.Combine(folder, "final.zip")), output);
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "config.json")));
        Assert.AreEqual(name, config.RootElement.GetProperty("preset").GetString());
        Assert.AreEqual(budget, config.RootElement.GetProperty("budget").GetInt64());
    }

    [TestMethod]
    public void TheLaneKeepingCurriculumIdTrainsThroughTheCurriculumAndEvaluatesOnItsLastPhase()
    {
        var (code, output, error) = Run("train", "--algo", "rstdp", "--budget", "3", "--out", Dir, "--name", "lane", "--eval-episodes", "1", "--quiet");
        Assert.AreEqual(0, code, $"{output}\n{error}");
        var metrics = File.ReadAllLines(Path.Combine(Dir, "lane", "metrics.csv"));
        Assert.AreEqual(3, metrics.Count(l => l.StartsWith($"episode,", StringComparison.Ordinal) && l.Contains($",{MetricKeys.CurriculumPhase},", StringComparison.Ordinal)),
            "Each training episode records its curriculum phase.");
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "lane", "config.json")));
        Assert.AreEqual(CliEnvironments.LaneKeepingCurriculum, config.RootElement.GetProperty("environment").GetString());
        Assert.AreEqual("rstdp-lane-keeping", config.RootElement.GetProperty("preset").GetString());
    }

    [TestMethod]
    public void MpnDqnIsTheRecurrentDqn()
    {
        Assert.AreSame(AlgorithmRegistry.Get("recurrent-dqn"), AlgorithmRegistry.Get("mpn-dqn"));
        Assert.AreEqual("mpn-dqn-masked-cartpole", AlgorithmRegistry.Get("mpn-dqn").DefaultPreset);
    }

    [TestMethod]
    public void AnUnknownEnvironmentIsNamedWithTheRegisteredIdsAndTheCurricula()
    {
        var (code, _, error) = Run("train", "--algo", "rstdp", "--env", "LaneKeepingCurriculum-v1", "--out", Dir, "--quiet");
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "'LaneKeepingCurriculum-v1'");
        StringAssert.Contains(error, CliEnvironments.LaneKeepingCurriculum);
        StringAssert.Contains(error, CliEnvironments.MaskedCartPole);
    }

    [TestMethod]
    public void AnUnknownTaskDistributionIsNamedWithTheKnownOnes()
    {
        var (code, _, error) = Run("train", "--algo", "maml-rl", "--env", "GridWorldGoals-9x9-v0", "--out", Dir, "--quiet");
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "'GridWorldGoals-9x9-v0'");
        StringAssert.Contains(error, CliTaskDistributions.GridWorldGoals5x5);
    }
}
