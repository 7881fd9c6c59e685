using System.Diagnostics;
using Microsoft.ML;
using Synaptic.ML.Data;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples;

/// <summary>
/// The <c>fewshot</c> command: a spiking and an artificial prototypical network trained on the same episodes of
/// the glyph set's meta-training alphabets and evaluated on the same 600 test episodes of held-out alphabets
/// (5-way 1-shot, 5-way 5-shot, 20-way 5-shot), then on Fashion-MNIST with five held-out classes.
/// <c>--only glyphs</c> or <c>--only fashion</c> runs one part.
/// </summary>
public static class FewShotSamples
{
    /// <summary>Test episodes per task, as in the standard protocol.</summary>
    public const int TestEpisodes = 600;

    /// <summary>Seed of the test episodes (the same episodes for both backbones).</summary>
    public const ulong TestSeed = 2026;

    /// <summary>Seed of the class splits and of training.</summary>
    public const int Seed = 1;

    /// <summary>Runs the command.</summary>
    /// <param name="arguments">Output directory and <c>--only</c>.</param>
    /// <returns>The exit code.</returns>
    public static int Run(SampleArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        Directory.CreateDirectory(arguments.OutputDirectory);
        var ml = new MLContext(seed: 0);
        var rows = new List<FewShotRow>();
        if (arguments.Only is null or "glyphs")
            rows.AddRange(Glyphs(ml, arguments.OutputDirectory));
        if (arguments.Only is null or "fashion")
            rows.AddRange(FashionMnist(ml));
        var table = FewShotRow.Table(rows);
        Console.WriteLine();
        Console.WriteLine(table);
        File.WriteAllText(Path.Combine(arguments.OutputDirectory, "fewshot-results.md"), table + Environment.NewLine);
        return 0;
    }

    private static IEnumerable<FewShotRow> Glyphs(MLContext ml, string output)
    {
        var clock = Stopwatch.StartNew();
        var glyphs = ml.Synaptic().Data.GlyphSet();
        var split = ClassSplit.ByAlphabetFraction(glyphs, validationFraction: 0.1, testFraction: 0.25, seed: Seed);
        Console.WriteLine($"Glyph set: {glyphs.Count:N0} images of {glyphs.ClassCount} characters in {glyphs.Alphabets.Count} alphabets ({clock.Elapsed.TotalSeconds:F1} s); {split}.");
        var train = glyphs.OfClasses(split.MetaTrain).ToDataView(ml);
        var validation = glyphs.OfClasses(split.Validation).ToDataView(ml);
        (int Ways, int Shots)[] tasks = [(5, 1), (5, 5), (20, 5)];
        foreach (var (name, backbone, episodes) in Backbones(padding: 0, spikingEpisodes: 1_500, convEpisodes: 1_500))
        {
            var (featurizer, seconds) = Train(ml, $"glyphs {name}", backbone, episodes, train, validation);
            ml.Model.Save(featurizer, train.Schema, Path.Combine(output, $"glyphs-{name.ToLowerInvariant()}-featurizer.zip"));
            featurizer.TrainingHistory!.SaveLearningCurve(Path.Combine(output, $"glyphs-{name.ToLowerInvariant()}-training.png"), $"Prototypical network, {name} backbone, glyphs");
            yield return Evaluate(ml, $"Glyphs ({split.Alphabets(SplitPart.Test).Count} alphabets, {split.Test.Count} characters)", name, featurizer, episodes, seconds, glyphs, split.Test, tasks);
        }
    }

    private static IEnumerable<FewShotRow> FashionMnist(MLContext ml)
    {
        var train = ml.Synaptic().Data.LoadFashionMnist(train: true);
        var test = ml.Synaptic().Data.LoadFashionMnist(train: false);
        var split = ClassSplit.RandomClasses(train.ClassCount, validationClasses: 0, testClasses: 5, seed: Seed);
        Console.WriteLine($"Fashion-MNIST: meta-train on {string.Join(", ", split.MetaTrain.Select(c => train.ClassNames[c]))} (train set); " +
            $"test on {string.Join(", ", split.Test.Select(c => test.ClassNames[c]))} (t10k set).");
        var trainView = train.OfClasses(split.MetaTrain).ToDataView(ml);
        (int Ways, int Shots)[] tasks = [(5, 1), (5, 5)];
        foreach (var (name, backbone, episodes) in Backbones(padding: 0, spikingEpisodes: 600, convEpisodes: 600))
        {
            var (featurizer, seconds) = Train(ml, $"fashion {name}", backbone, episodes, trainView, null);
            yield return Evaluate(ml, "Fashion-MNIST (5 held-out classes)", name, featurizer, episodes, seconds, test, split.Test, tasks);
        }
    }

    private static IEnumerable<(string Name, BackboneOptions Backbone, int Episodes)> Backbones(int padding, int spikingEpisodes, int convEpisodes)
    {
        yield return ("SNN", new SpikingConvBackboneOptions { Padding = padding }, spikingEpisodes);
        yield return ("ANN", new ConvBackboneOptions { Padding = padding }, convEpisodes);
    }

    /// <summary>Trains a prototypical network; returns it with the training time, validations included.</summary>
    private static (ImageFeaturizerTransformer Featurizer, double Seconds) Train(MLContext ml, string label, BackboneOptions backbone, int episodes, IDataView train, IDataView? validation)
    {
        Console.WriteLine($"Training {label}: {backbone}, {episodes} episodes of 5-way 5-shot 15-query.");
        var options = new PrototypicalNetworkTrainer.Options
        {
            Backbone = backbone,
            Episodes = episodes,
            Seed = Seed,
            TorchThreads = 1,
            ValidationData = validation,
            ValidationInterval = 250,
            ValidationEpisodes = 100,
            Progress = new FewShotProgress(label, 100),
        };
        var clock = Stopwatch.StartNew();
        var featurizer = ml.Synaptic().Trainers.PrototypicalNetwork(options).Fit(train);
        return (featurizer, clock.Elapsed.TotalSeconds);
    }

    private static FewShotRow Evaluate(MLContext ml, string data, string name, ImageFeaturizerTransformer featurizer, int episodes, double seconds, LabeledImages images,
        IReadOnlyList<int> classes, IEnumerable<(int Ways, int Shots)> tasks)
    {
        var results = new List<(string, double, double)>();
        foreach (var (ways, shots) in tasks)
        {
            var clock = Stopwatch.StartNew();
            var evaluation = ml.Synaptic().EvaluateFewShot(featurizer, images, classes, ways, shots, queries: 15, episodes: TestEpisodes, seed: TestSeed);
            Console.WriteLine($"{data}, {name}: {evaluation} ({clock.Elapsed.TotalSeconds:F0} s)");
            results.Add(($"{ways}-way {shots}-shot", evaluation.MeanAccuracy * 100, evaluation.ConfidenceInterval95 * 100));
        }
        return new FewShotRow(data, name, episodes, seconds, results);
    }
}
