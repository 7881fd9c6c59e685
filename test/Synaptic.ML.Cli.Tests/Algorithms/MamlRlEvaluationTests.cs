using System.Text.Json;
using Microsoft.ML;
using Synaptic.ML.Samples.Cli;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Cli.Tests;

/// <summary>
/// maml-rl's evaluation adapts to each held-out task: with the run's own inner loop when the run's options are known
/// (its folder's config.json), with the default preset's for a bare zip.
/// </summary>
[TestClass]
public sealed class MamlRlEvaluationTests : CliTest
{
    [TestMethod]
    public void ARunIsEvaluatedWithItsOwnInnerLoopAndABareZipWithTheDefaultPresets()
    {
        var (code, output, error) = Run("train", "--algo", "maml-rl", "--budget", "1", "--set", "MetaBatchSize=2", "--set", "InnerEpisodes=4",
            "--set", "InnerLearningRate=0.05", "--set", "InnerSteps=2", "--out", Dir, "--name", "inner", "--eval-episodes", "2", "--quiet");
        Assert.AreEqual(0, code, $"{output}\n{error}");
        var folder = Path.Combine(Dir, "inner");
        var algorithm = (MamlRlAlgorithm)AlgorithmRegistry.Get("maml-rl");
        var source = ModelSource.Find(folder, "final", null, null);

        var run = algorithm.Adaptation(source.TrainedOptions());
        Assert.AreEqual((2, 0.05, 4, 2), (run.InnerSteps, run.InnerLearningRate, run.InnerEpisodes, run.MetaBatchSize));
        var preset = TrainerPresets.Options<MamlRlTrainer.Options>("maml-rl-gridworld");
        var bare = algorithm.Adaptation(trainedWith: null);
        Assert.AreEqual((preset.InnerSteps, preset.InnerLearningRate, preset.InnerEpisodes), (bare.InnerSteps, bare.InnerLearningRate, bare.InnerEpisodes));
        Assert.AreNotEqual(run.InnerLearningRate, bare.InnerLearningRate);
        Assert.ThrowsExactly<ArgumentException>(() => algorithm.Adaptation(new PpoTrainer.Options()));

        // The evaluation written at the end of training is the one made with the run's inner loop.
        var ml = new MLContext(seed: 1);
        var model = source.Load(ml);
        var mine = algorithm.Evaluate(ml, model, CliTaskDistributions.GridWorldGoals5x5, 2, ExperimentRunner.EvaluationSeed(1), source.TrainedOptions());
        using var evaluation = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "evaluation.json")));
        Assert.AreEqual(mine.Mean, evaluation.RootElement.GetProperty("mean").GetDouble(), 1e-12);
    }
}
