using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Data;
using Synaptic.ML.Samples;
using Synaptic.ML.Samples.Cli;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Cli.Tests;

/// <summary>
/// Every data trainer end to end with a budget of seconds: <c>train</c> writes the folder (with <c>best.zip</c> where the
/// data set has validation data), <c>eval</c> reports what an evaluation of <c>final.zip</c> made here without the tool
/// reports on the same held-out data, and <c>render</c> writes its pictures.
/// </summary>
[TestClass]
public sealed class DataTrainerTests : CliTest
{
    private const int EvaluationSeed = 1_000_001;   // ExperimentRunner.EvaluationSeed(1)

    [TestMethod]
    public void SpikingMulticlassOnDigitsTrainsFromItsPresetAndEvalMatchesMlNetsEvaluatorOnTheSecondHalf()
    {
        var folder = Train("spiking-multiclass", "digits", "1", "Network.HiddenSizes=16", "Network.TimeSteps=5");
        Assert.AreEqual("spiking-multiclass-digits", Config(folder).GetProperty("preset").GetString());
        Assert.IsTrue(File.Exists(Path.Combine(folder, "best.zip")), "the validation rows keep the best epoch");

        var evaluation = Eval(folder);
        var ml = new MLContext(seed: 1);
        var model = ml.Synaptic().LoadModel(Path.Combine(folder, "final.zip"), out _);
        var digits = ml.Synaptic().Data.LoadDigits();
        var secondHalf = Rows(digits, digits.Count / 2, digits.Count);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(secondHalf.ToDataView(ml)));
        Assert.AreEqual(metrics.MicroAccuracy, evaluation.GetProperty("mean").GetDouble());
        Assert.AreEqual(1, evaluation.GetProperty("count").GetInt32());
        Assert.AreEqual(899, evaluation.GetProperty("extra").GetProperty("rows").GetDouble());
        Assert.AreEqual(metrics.LogLoss, evaluation.GetProperty("extra").GetProperty("logLoss").GetDouble(), 1e-12);

        var files = Render(folder);
        CollectionAssert.Contains(files, "confusion-matrix.png");
        Assert.IsTrue(files.Any(f => f.StartsWith("raster-", StringComparison.Ordinal)), string.Join(", ", files));
    }

    [TestMethod]
    public void SpikingBinaryOnDigitsZeroVsOneEvalMatchesMlNetsBinaryEvaluator()
    {
        var folder = Train("spiking-binary", "digits-0-vs-1", "2", "Network.HiddenSizes=16", "Network.TimeSteps=5");
        Assert.IsTrue(File.Exists(Path.Combine(folder, "best.zip")));

        var evaluation = Eval(folder);
        var ml = new MLContext(seed: 1);
        var model = ml.Synaptic().LoadModel(Path.Combine(folder, "final.zip"), out _);
        var digits = ml.Synaptic().Data.LoadDigits();
        var rows = Enumerable.Range(digits.Count / 2, digits.Count - digits.Count / 2).Where(i => digits.Labels[i] is 0 or 1)
            .Select(i => new BinaryRow { Image = digits.Image(i).ToArray(), Label = digits.Labels[i] == 1 }).ToList();
        var schema = SchemaDefinition.Create(typeof(BinaryRow));
        schema[nameof(BinaryRow.Image)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 8, 8);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(ml.Data.LoadFromEnumerable(rows, schema)));
        Assert.AreEqual(metrics.Accuracy, evaluation.GetProperty("mean").GetDouble());
        Assert.AreEqual(metrics.AreaUnderRocCurve, evaluation.GetProperty("extra").GetProperty("auc").GetDouble(), 1e-12);
        Assert.AreEqual(rows.Count, evaluation.GetProperty("extra").GetProperty("rows").GetInt32());

        CollectionAssert.Contains(Render(folder), "confusion-matrix.png");
    }

    [TestMethod]
    public void PrototypicalNetworkOnGlyphsKeepsTheBestAndEvalScoresEachTestEpisodeAsEvaluateFewShotDoes()
    {
        var folder = Train("protonet", "glyphs", "3", "Shots=1", "Backbone.TimeSteps=4", "ValidationInterval=3", "ValidationEpisodes=3");
        Assert.AreEqual("protonet-glyphs", Config(folder).GetProperty("preset").GetString());
        Assert.IsTrue(File.Exists(Path.Combine(folder, "best.zip")), "the validation alphabets keep the best network");

        var evaluation = Eval(folder, "--episodes", "4");
        var ml = new MLContext(seed: 1);
        var featurizer = (ImageFeaturizerTransformer)ml.Synaptic().LoadModel(Path.Combine(folder, "final.zip"), out _);
        var (glyphs, split) = Glyphs(ml);
        var expected = ml.Synaptic().EvaluateFewShot(featurizer, glyphs, split.Test, ways: 5, shots: 1, queries: 15, episodes: 4, seed: EvaluationSeed);
        CollectionAssert.AreEqual(expected.Accuracies.ToArray(), Scores(evaluation));
        Assert.AreEqual(1, evaluation.GetProperty("extra").GetProperty("shots").GetInt32(), "K as trained");

        CollectionAssert.AreEqual(new[] { "episode-0.png" }, Render(folder));
    }

    [TestMethod]
    public void MamlOnGlyphsKeepsTheBestAndEvalScoresEachTestEpisodeAsEvaluateFewShotDoes()
    {
        var folder = Train("maml", "glyphs", "2", "Backbone.Channels=8,8,8,8", "MetaBatchSize=2", "ValidationInterval=2", "ValidationEpisodes=3");
        Assert.AreEqual("maml-glyphs", Config(folder).GetProperty("preset").GetString());
        Assert.IsTrue(File.Exists(Path.Combine(folder, "best.zip")));

        var evaluation = Eval(folder, "--episodes", "4");
        var ml = new MLContext(seed: 1);
        var maml = (MamlTransformer)ml.Synaptic().LoadModel(Path.Combine(folder, "final.zip"), out _);
        var (glyphs, split) = Glyphs(ml);
        var expected = ml.Synaptic().EvaluateFewShot(maml, glyphs, split.Test, shots: 1, queries: 15, episodes: 4, seed: EvaluationSeed);
        CollectionAssert.AreEqual(expected.Accuracies.ToArray(), Scores(evaluation));

        CollectionAssert.AreEqual(new[] { "episode-0.png", "episode-1.png" }, Render(folder, "--episodes", "2"));
    }

    [TestMethod]
    public void APresetNamesItsDataSetSoTrainNeedsNoEnv()
    {
        var (code, output, error) = Run("train", "--algo", "spiking-multiclass", "--preset", "spiking-multiclass-digits", "--budget", "1",
            "--set", "Network.HiddenSizes=8", "--set", "Network.TimeSteps=3", "--out", Dir, "--quiet");
        Assert.AreEqual(0, code, error);
        Assert.AreEqual("digits", Config(SingleExperiment(Dir)).GetProperty("environment").GetString(), output);
    }

    [TestMethod]
    public void AnUnknownOrUnfitDataSetIsRefusedWithTheKnownOnes()
    {
        var (code, _, error) = Run("train", "--algo", "protonet", "--env", "cifar-10", "--out", Dir, "--quiet");
        Assert.AreNotEqual(0, code);
        StringAssert.Contains(error, "No data set is named 'cifar-10'");
        StringAssert.Contains(error, "glyphs");

        (code, _, error) = Run("train", "--algo", "spiking-binary", "--env", "digits", "--out", Dir, "--quiet");
        Assert.AreNotEqual(0, code);
        StringAssert.Contains(error, "not one for binary classification");
        StringAssert.Contains(error, "digits-0-vs-1");
    }

    // Trains with a tiny budget and returns the experiment folder.
    private string Train(string algorithm, string dataSet, string budget, params string[] settings)
    {
        string[] args = ["train", "--algo", algorithm, "--env", dataSet, "--budget", budget, "--eval-episodes", "3", "--out", Dir, "--quiet",
            .. settings.SelectMany(s => new[] { "--set", s })];
        var (code, output, error) = Run(args);
        Assert.AreEqual(0, code, error + output);
        var folder = SingleExperiment(Dir);
        foreach (var file in new[] { "config.json", "final.zip", "metrics.csv", "evaluation.json", "README.md" })
            Assert.IsTrue(File.Exists(Path.Combine(folder, file)), file);
        return folder;
    }

    private JsonElement Eval(string folder, params string[] args)
    {
        var (code, output, error) = Run(["eval", folder, .. args]);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "accuracy");
        return JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "evaluation.json"))).RootElement;
    }

    // Renders and returns the names of the pictures written (each a non-empty PNG).
    private string[] Render(string folder, params string[] args)
    {
        var (code, output, error) = Run(["render", folder, .. args]);
        Assert.AreEqual(0, code, error);
        var files = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var file in files)
        {
            Assert.IsTrue(file.EndsWith(".png", StringComparison.Ordinal) && new FileInfo(file).Length > 1000, file);
            Assert.AreEqual(Path.Combine(folder, "videos"), Path.GetDirectoryName(file));
        }
        return [.. files.Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
    }

    private static JsonElement Config(string folder) => JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "config.json"))).RootElement;

    private static double[] Scores(JsonElement evaluation) => [.. evaluation.GetProperty("scores").EnumerateArray().Select(s => s.GetDouble())];

    // The glyph set split as the fewshot sample splits it.
    private static (LabeledImages Glyphs, ClassSplit Split) Glyphs(MLContext ml)
    {
        var glyphs = ml.Synaptic().Data.GlyphSet();
        return (glyphs, ClassSplit.ByAlphabetFraction(glyphs, validationFraction: 0.1, testFraction: 0.25, seed: FewShotSamples.Seed));
    }

    private static LabeledImages Rows(LabeledImages images, int start, int end)
    {
        var size = images.PixelsPerImage;
        var pixels = images.Pixels.Span[(start * size)..(end * size)].ToArray();
        return new LabeledImages(images.Height, images.Width, pixels, [.. images.Labels.Skip(start).Take(end - start)], images.ClassNames);
    }

    private sealed class BinaryRow
    {
        public float[] Image { get; set; } = [];

        public bool Label { get; set; }
    }
}
