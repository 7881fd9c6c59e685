using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Synaptic.ML.Data;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples;

/// <summary>
/// The <c>maml</c> command: second- and first-order MAML on the glyph set's meta-training alphabets, tested on the
/// held-out alphabets with the same 600 episodes per task as the <c>fewshot</c> command's prototypical networks
/// (same class split, same test seed), and the artificial prototypical network trained and tested beside them.
/// Training seconds in its table include the validations.
/// <c>--only second-order|first-order|prototypes</c> runs one part (so parts can run as separate processes);
/// <c>--episodes N</c> sets MAML's meta-batches (default 1,000); <c>--inner-steps</c>, <c>--alpha</c> the inner loop (1, 0.4);
/// <c>--backbone spiking</c> uses the spiking backbone.
/// </summary>
public static class MamlSamples
{
    /// <summary>Runs the command.</summary>
    /// <param name="arguments">Output directory, <c>--only</c>, <c>--episodes</c>, <c>--backbone</c>.</param>
    /// <returns>The exit code.</returns>
    public static int Run(SampleArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        Directory.CreateDirectory(arguments.OutputDirectory);
        var ml = new MLContext(seed: 0);
        var episodes = int.Parse(arguments.Setting("episodes", "1000"), CultureInfo.InvariantCulture);
        var spiking = arguments.Setting("backbone", "ann") == "spiking";
        var clock = Stopwatch.StartNew();
        var glyphs = ml.Synaptic().Data.GlyphSet();
        var split = ClassSplit.ByAlphabetFraction(glyphs, validationFraction: 0.1, testFraction: 0.25, seed: FewShotSamples.Seed);
        Console.WriteLine($"Glyph set: {glyphs.Count:N0} images ({clock.Elapsed.TotalSeconds:F1} s); {split}.");
        var train = glyphs.OfClasses(split.MetaTrain).ToDataView(ml);
        var validation = glyphs.OfClasses(split.Validation).ToDataView(ml);
        var data = $"Glyphs ({split.Alphabets(SplitPart.Test).Count} alphabets, {split.Test.Count} characters)";
        var rows = new List<FewShotRow>();
        foreach (var (name, part) in new[] { ("second-order", false), ("first-order", true) })
        {
            if (!arguments.Includes(name))
                continue;
            var options = Options(arguments, part, episodes, spiking, validation);
            Console.WriteLine($"Training {name} MAML: {options.Backbone}, {episodes} meta-batches of {options.MetaBatchSize} 5-way 1-shot {options.Queries}-query tasks, "
                + $"{options.InnerSteps} inner step(s) of α = {options.InnerLearningRate}.");
            var trainingClock = Stopwatch.StartNew();
            var model = ml.Synaptic().Trainers.Maml(options).Fit(train);
            var seconds = trainingClock.Elapsed.TotalSeconds;
            ml.Model.Save(model, train.Schema, Path.Combine(arguments.OutputDirectory, $"glyphs-maml-{name}.zip"));
            model.TrainingHistory!.SaveLearningCurve(Path.Combine(arguments.OutputDirectory, $"glyphs-maml-{name}-training.png"), $"{name} MAML, glyphs");
            var results = new List<(string, double, double)>();
            foreach (var shots in new[] { 1, 5 })
            {
                var evaluation = ml.Synaptic().EvaluateFewShot(model, glyphs, split.Test, shots, queries: 15, episodes: FewShotSamples.TestEpisodes, seed: FewShotSamples.TestSeed);
                Console.WriteLine($"{data}, {name} MAML: {evaluation}");
                results.Add(($"5-way {shots}-shot", evaluation.MeanAccuracy * 100, evaluation.ConfidenceInterval95 * 100));
            }
            rows.Add(new FewShotRow(data, $"MAML {name} ({(spiking ? "SNN" : "ANN")} 4×64)", episodes, seconds, results));
        }
        if (arguments.Includes("prototypes"))
            rows.Add(Prototypes(ml, data, glyphs, split, train, validation));
        var table = FewShotRow.Table(rows);
        Console.WriteLine();
        Console.WriteLine(table);
        var file = Path.Combine(arguments.OutputDirectory, $"maml-results{(arguments.Only is null ? "" : "-" + arguments.Only)}.md");
        File.WriteAllText(file, table + Environment.NewLine);
        return 0;
    }

    /// <summary>
    /// MAML's settings here: the paper's Omniglot ones (one inner step of α = 0.4, Adam 1e-3; <c>--inner-steps</c> and
    /// <c>--alpha</c> change them), four tasks a meta-batch and 5 queries a class in training.
    /// </summary>
    private static MamlTrainer.Options Options(SampleArguments arguments, bool firstOrder, int episodes, bool spiking, IDataView validation) => new()
    {
        Backbone = spiking
            ? new SpikingConvBackboneOptions { Channels = [64, 64, 64, 64], KernelSize = 3, Padding = 1 }
            : new ConvBackboneOptions { Channels = [64, 64, 64, 64], KernelSize = 3, Padding = 1 },
        Ways = 5,
        Shots = 1,
        Queries = 5,
        Episodes = episodes,
        MetaBatchSize = 4,
        FirstOrder = firstOrder,
        InnerSteps = int.Parse(arguments.Setting("inner-steps", "1"), CultureInfo.InvariantCulture),
        InnerLearningRate = double.Parse(arguments.Setting("alpha", "0.4"), CultureInfo.InvariantCulture),
        Seed = FewShotSamples.Seed,
        TorchThreads = 1,
        ValidationData = validation,
        ValidationInterval = Math.Max(1, episodes / 5),
        ValidationEpisodes = 100,
        Progress = new FewShotProgress(firstOrder ? "first-order MAML" : "second-order MAML", 50),
    };

    /// <summary>The <c>fewshot</c> command's artificial prototypical network (1,500 episodes of 5-way 5-shot), on the same test episodes.</summary>
    private static FewShotRow Prototypes(MLContext ml, string data, LabeledImages glyphs, ClassSplit split, IDataView train, IDataView validation)
    {
        var options = new PrototypicalNetworkTrainer.Options
        {
            Backbone = new ConvBackboneOptions(),
            Episodes = 1_500,
            Seed = FewShotSamples.Seed,
            TorchThreads = 1,
            ValidationData = validation,
            ValidationInterval = 250,
            ValidationEpisodes = 100,
            Progress = new FewShotProgress("prototypical network", 250),
        };
        var clock = Stopwatch.StartNew();
        var featurizer = ml.Synaptic().Trainers.PrototypicalNetwork(options).Fit(train);
        var seconds = clock.Elapsed.TotalSeconds;
        var results = new List<(string, double, double)>();
        foreach (var shots in new[] { 1, 5 })
        {
            var evaluation = ml.Synaptic().EvaluateFewShot(featurizer, glyphs, split.Test, 5, shots, queries: 15, episodes: FewShotSamples.TestEpisodes, seed: FewShotSamples.TestSeed);
            Console.WriteLine($"{data}, prototypical network: {evaluation}");
            results.Add(($"5-way {shots}-shot", evaluation.MeanAccuracy * 100, evaluation.ConfidenceInterval95 * 100));
        }
        return new FewShotRow(data, "ProtoNet (ANN 16-32 k5)", options.Episodes, seconds, results);
    }
}
