using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Samples.Cli;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Cli.Tests;

[TestClass]
public sealed partial class TrainCommandTests : CliTest
{
    [TestMethod]
    public void TrainWritesTheExperimentFolderWhoseFinalModelScoresAsItsEvaluationSays()
    {
        var experiments = Path.Combine(Dir, "experiments");
        var (code, output, error) = Run("train", "--algo", "ppo", "--env", "CartPole-v1", "--seed", "1", "--budget", "2560", "--out", experiments);

        Assert.AreEqual(0, code, error);
        var root = SingleExperiment(experiments);
        StringAssert.Matches(Path.GetFileName(root), FolderName());
        StringAssert.Contains(output, root);
        var config = ExperimentConfig.Load(Path.Combine(root, "config.json"));
        Assert.AreEqual(("ppo", "CartPole-v1", "ppo-cartpole", 1, 2560L, "completed"), (config.Algorithm, config.Environment, config.Preset, config.Seed, config.Budget, config.Status));
        Assert.AreEqual("2560", config.Options["TotalTimesteps"]);
        Assert.AreEqual("0.001", config.Options["LearningRate"]);   // from the preset
        Assert.AreEqual("Linear", config.Options["LearningRateSchedule"]);
        CollectionAssert.Contains(config.CommandLine.ToList(), "--budget");
        foreach (var file in new[] { "final.zip", "best.zip", "metrics.csv", "evaluation.json", "README.md", "analysis/learning-curve.png" })
            Assert.IsTrue(File.Exists(Path.Combine(root, file)), file);
        Assert.IsNotEmpty(Directory.GetFiles(Path.Combine(root, "checkpoints"), "checkpoint-*.bin"));

        // The final model, loaded in a fresh context and evaluated independently, gives evaluation.json's scores.
        var ml = new MLContext(seed: 0);
        var policy = (PolicyTransformer)ml.Synaptic().LoadModel(Path.Combine(root, "final.zip"), out _);
        var independent = ml.Synaptic().Evaluate(policy, () => EnvRegistry.Make("CartPole-v1"), episodes: 10, seed: ExperimentRunner.EvaluationSeed(1), successThreshold: 475);
        using var evaluation = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "evaluation.json")));
        CollectionAssert.AreEqual(independent.Returns.ToArray(), evaluation.RootElement.GetProperty("scores").EnumerateArray().Select(e => e.GetDouble()).ToArray());
        Assert.AreEqual(independent.MeanReturn, evaluation.RootElement.GetProperty("mean").GetDouble(), 1e-12);

        // metrics.csv holds the history the zip carries: one episode_return line per finished episode.
        var returns = File.ReadLines(Path.Combine(root, "metrics.csv")).Count(l => l.StartsWith("episode,", StringComparison.Ordinal) && l.Contains(",rollout/episode_return,", StringComparison.Ordinal));
        Assert.AreEqual(policy.TrainingHistory!.Episodes.Count, returns);
    }

    [TestMethod]
    public void SettingsOverrideThePresetAndConfigJsonRunsTheSameExperimentAgain()
    {
        var experiments = Path.Combine(Dir, "experiments");
        var first = Run("train", "--algo", "ppo", "--env", "CartPole-v1", "--seed", "3", "--budget", "1024", "--out", experiments, "--name", "first",
            "--set", "LearningRate=5e-4", "--set", "Policy=Spiking", "--set", "Policy.TimeSteps=4", "--set", "Policy.HiddenSizes=32");
        Assert.AreEqual(0, first.Code, first.Error);
        var config = ExperimentConfig.Load(Path.Combine(experiments, "first", "config.json"));
        Assert.AreEqual("0.0005", config.Options["LearningRate"]);
        Assert.AreEqual("Spiking", config.Options["Policy"]);
        Assert.AreEqual("4", config.Options["Policy.TimeSteps"]);
        Assert.AreEqual("5e-4", config.Settings["LearningRate"]);

        var again = Run("train", "--config", Path.Combine(experiments, "first", "config.json"), "--out", experiments, "--name", "again");
        Assert.AreEqual(0, again.Code, again.Error);
        var rerun = ExperimentConfig.Load(Path.Combine(experiments, "again", "config.json"));
        Assert.AreEqual((config.Algorithm, config.Environment, config.Seed, config.Budget), (rerun.Algorithm, rerun.Environment, rerun.Seed, rerun.Budget));
        CollectionAssert.AreEquivalent(config.Options.ToList(), rerun.Options.ToList());
        Assert.AreEqual(File.ReadAllText(Path.Combine(experiments, "first", "evaluation.json")), File.ReadAllText(Path.Combine(experiments, "again", "evaluation.json")));
    }

    [TestMethod]
    public void AYamlConfigNamesTheAlgorithmEnvironmentSeedBudgetAndOptions()
    {
        var yaml = Path.Combine(Dir, "run.yaml");
        File.WriteAllText(yaml, """
            algorithm: a2c
            environment: CartPole-v1
            seed: 7
            budget: 640
            options:
              LearningRate: 0.002
              Policy.HiddenSizes: [16, 16]
            """);
        var experiments = Path.Combine(Dir, "experiments");
        var (code, _, error) = Run("train", "--config", yaml, "--out", experiments, "--quiet");

        Assert.AreEqual(0, code, error);
        var config = ExperimentConfig.Load(Path.Combine(SingleExperiment(experiments), "config.json"));
        Assert.AreEqual(("a2c", "CartPole-v1", 7, 640L), (config.Algorithm, config.Environment, config.Seed, config.Budget));
        Assert.AreEqual("0.002", config.Options["LearningRate"]);
        Assert.AreEqual("16,16", config.Options["Policy.HiddenSizes"]);
    }

    [TestMethod]
    public void AnInterruptedRunLeavesACheckpointAndResumesToTheUninterruptedResult()
    {
        var experiments = Path.Combine(Dir, "experiments");
        string[] args = ["train", "--algo", "ppo", "--env", "CartPole-v1", "--seed", "2", "--budget", "3072", "--out", experiments, "--quiet"];
        Assert.AreEqual(0, Run([.. args, "--name", "whole"]).Code);

        using var stop = new CancellationTokenSource();
        stop.Cancel();   // Ctrl+C before the first iteration ends: the run stops after it
        var interrupted = Run(stop.Token, [.. args, "--name", "parts"]);
        Assert.AreEqual(0, interrupted.Code, interrupted.Error);
        StringAssert.Contains(interrupted.Output, "--resume");
        var parts = Path.Combine(experiments, "parts");
        Assert.AreEqual("interrupted", ExperimentConfig.Load(Path.Combine(parts, "config.json")).Status);
        CollectionAssert.AreEqual(new[] { "checkpoint-000001.bin" }, Directory.GetFiles(Path.Combine(parts, "checkpoints"), "checkpoint-*.bin").Select(Path.GetFileName).ToArray());

        var resumed = Run("train", "--resume", parts, "--quiet");
        Assert.AreEqual(0, resumed.Code, resumed.Error);
        Assert.AreEqual("completed", ExperimentConfig.Load(Path.Combine(parts, "config.json")).Status);
        Assert.AreEqual(File.ReadAllText(Path.Combine(experiments, "whole", "evaluation.json")), File.ReadAllText(Path.Combine(parts, "evaluation.json")));
    }

    [TestMethod]
    public void APresetAloneNamesTheAlgorithmAndTheEnvironment()
    {
        var experiments = Path.Combine(Dir, "experiments");
        var (code, _, error) = Run("train", "--preset", "q-learning-taxi", "--budget", "2000", "--out", experiments, "--quiet");

        Assert.AreEqual(0, code, error);
        var config = ExperimentConfig.Load(Path.Combine(SingleExperiment(experiments), "config.json"));
        Assert.AreEqual(("q-learning", "Taxi-v3", "q-learning-taxi", 2000L), (config.Algorithm, config.Environment, config.Preset, config.Budget));
    }

    [TestMethod]
    public void BadRequestsAreNamedWithUsageErrors()
    {
        var experiments = Path.Combine(Dir, "experiments");
        var algorithm = Run("train", "--algo", "ppo2", "--env", "CartPole-v1", "--out", experiments);
        Assert.AreEqual(2, algorithm.Code);
        StringAssert.Contains(algorithm.Error, "'ppo2'");
        StringAssert.Contains(algorithm.Error, "dqn");

        var environment = Run("train", "--algo", "ppo", "--env", "cartpole-v1", "--out", experiments);
        Assert.AreEqual(2, environment.Code);
        StringAssert.Contains(environment.Error, "CartPole-v1");

        var setting = Run("train", "--algo", "ppo", "--env", "CartPole-v1", "--set", "Epoch=3", "--out", experiments);
        Assert.AreEqual(2, setting.Code);
        StringAssert.Contains(setting.Error, "Did you mean 'Epochs'?");

        var preset = Run("train", "--algo", "a2c", "--preset", "dqn-cartpole", "--out", experiments);
        Assert.AreEqual(2, preset.Code);
        StringAssert.Contains(preset.Error, "dqn-cartpole");

        Assert.IsFalse(Directory.Exists(experiments) && Directory.GetDirectories(experiments).Length > 0, "no folder is made for a refused request");

        var resume = Run("train", "--resume", Path.Combine(Dir, "nowhere"));
        Assert.AreEqual(1, resume.Code);
        StringAssert.Contains(resume.Error, "nowhere");
    }

    [GeneratedRegex(@"^CartPole-v1__ppo__1__\d{8}-\d{6}$")]
    private static partial Regex FolderName();
}
