using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Data;
using Synaptic.ML.Trainers;
using static TorchSharp.torch;

namespace Synaptic.ML.Tests.Trainers.FewShot;

[TestClass]
public sealed class PrototypicalNetworkTests : TempDirectoryTest
{
    private sealed class DigitRow
    {
        [VectorType(8, 8)]
        public float[] Image { get; set; } = [];
    }

    private sealed class DigitPrediction
    {
        public uint PredictedLabel { get; set; }

        public float[] Score { get; set; } = [];
    }

    [TestMethod]
    public void PrototypesAndLogitsAreMeansAndNegativeSquaredDistances()
    {
        float[] support = [1, 0, 3, 0, 0, 2, 0, 4, 5, 5];     // 5 embeddings of size 2
        long[] labels = [0, 0, 1, 1, 2];
        float[] query = [1, 1, 2, 3];
        using var prototypes = Prototypes.Compute(tensor(support, [5, 2]), tensor(labels), 3);
        CollectionAssert.AreEqual(new float[] { 2, 0, 0, 3, 5, 5 }, prototypes.data<float>().ToArray());
        var logits = Prototypes.Logits(tensor(query, [2, 2]), prototypes).data<float>().ToArray();
        var expected = new List<float>();
        for (var q = 0; q < 2; q++)
            for (var k = 0; k < 3; k++)
                expected.Add(-(MathF.Pow(query[q * 2] - prototypes.data<float>()[k * 2], 2) + MathF.Pow(query[q * 2 + 1] - prototypes.data<float>()[k * 2 + 1], 2)));
        CollectionAssert.AreEqual(expected, logits);

        var means = PrototypeMath.Means(support, labels.Select(l => (int)l).ToArray(), 3, 2);
        CollectionAssert.AreEqual(prototypes.data<float>().ToArray(), means);
        var scores = new float[3];
        Assert.AreEqual(1, PrototypeMath.Scores(query.AsSpan(2, 2), means, scores), "(2, 3) is nearest to (0, 3).");
        Assert.AreEqual(1.0, scores.Sum(), 1e-6);
    }

    [TestMethod]
    public void WhereTwoScoresAreEqualAsFloatsThePredictionIsTheFirstAsMlNetCountsIt()
    {
        // 0.5 is 0.25 + 1e-9 (squared) from the first prototype and exactly 0.25 from the second: the second is nearer in
        // double precision, but both scores round to the same float, and ML.NET's evaluator counts ties for the first.
        var scores = new float[2];
        var predicted = PrototypeMath.Scores([0.5f], [-1e-9f, 1f], scores);
        Assert.AreEqual(scores[0], scores[1], $"the scores {scores[0]:R} and {scores[1]:R} are equal as floats");
        Assert.AreEqual(0, predicted);
        Assert.AreEqual(1, PrototypeMath.Scores([0.5f], [-1e-3f, 1f], scores), "a real difference still picks the nearer");
    }

    [TestMethod]
    [TestCategory("Learning")]
    public void SpikingAndConvBackbonesLearnToRecogniseUnseenDigitClasses()
    {
        var ml = new MLContext(seed: 0);
        var heldOut = DigitsFewShot.Subset(DigitsFewShot.HeldOutClasses);
        var untrained = ml.Synaptic().Transforms.SpikingFeaturizer(options: new SpikingConvBackboneOptions { Padding = 2 }, seed: 1).Fit(heldOut.ToDataView(ml));
        var before = ml.Synaptic().EvaluateFewShot(untrained, heldOut, null, ways: 5, shots: 5, queries: 15, episodes: 60, seed: 3);
        var spiking = ml.Synaptic().EvaluateFewShot(DigitsFewShot.Spiking, heldOut, null, ways: 5, shots: 5, queries: 15, episodes: 60, seed: 3);
        var conv = ml.Synaptic().EvaluateFewShot(DigitsFewShot.Conv, heldOut, null, ways: 5, shots: 5, queries: 15, episodes: 60, seed: 3);
        // Chance is 20%; the classes 1, 3, 5, 7, 9 were never seen in training.
        Assert.IsTrue(spiking.MeanAccuracy > 0.6, $"spiking {spiking}");
        Assert.IsTrue(conv.MeanAccuracy > 0.75, $"conv {conv}");
        Assert.IsTrue(spiking.MeanAccuracy > before.MeanAccuracy + 0.05, $"training improved the spiking backbone: {before} → {spiking}");
        Assert.AreEqual(60, spiking.Episodes);
        Assert.IsTrue(spiking.ConfidenceInterval95 is > 0 and < 0.1);
        var history = DigitsFewShot.Spiking.TrainingHistory!;
        var accuracy = history.Series(MetricKeys.Accuracy).Values;
        Assert.AreEqual(150, accuracy.Length);
        Assert.IsTrue(accuracy.TakeLast(30).Average() > accuracy.Take(30).Average());
    }

    [TestMethod]
    public void TheClassifierScoresQueriesAgainstAnySupportSetAndEvaluatesWithMlNet()
    {
        var ml = new MLContext(seed: 0);
        var featurizer = DigitsFewShot.Spiking;
        var sampler = new FewShotEpisodeSampler(DigitsFewShot.Digits, DigitsFewShot.HeldOutClasses, seed: 11);
        var episode = sampler.Episode(0, 5, 5, 15);
        var classifier = featurizer.CreatePrototypeClassifier(episode.Support.ToDataView(ml));
        CollectionAssert.AreEqual(episode.ClassIds.Select(c => DigitsFewShot.Digits.ClassNames[c]).ToArray(), classifier.ClassNames.ToArray());

        var scored = classifier.Transform(episode.Query.ToDataView(ml));
        var metrics = ml.MulticlassClassification.Evaluate(scored);
        var predicted = scored.GetColumn<uint>("PredictedLabel").ToArray();
        var truth = episode.Query.Labels.ToArray();
        var accuracy = predicted.Where((p, i) => p - 1 == truth[i]).Count() / (double)truth.Length;
        Assert.AreEqual(accuracy, metrics.MicroAccuracy, 1e-9);
        Assert.IsTrue(accuracy > 0.5, $"accuracy {accuracy}");
        var scores = scored.GetColumn<float[]>("Score").ToArray();
        for (var i = 0; i < scores.Length; i++)
        {
            Assert.AreEqual(1.0, scores[i].Sum(), 1e-5);
            Assert.AreEqual((uint)Array.IndexOf(scores[i], scores[i].Max()) + 1, predicted[i]);
        }
        var embeddings = scored.GetColumn<float[]>("Embedding").ToArray();
        CollectionAssert.AreEqual(featurizer.Embed(episode.Query.Image(0)), embeddings[0]);

        var engine = ml.Model.CreatePredictionEngine<DigitRow, DigitPrediction>(classifier);
        var prediction = engine.Predict(new DigitRow { Image = episode.Query.Image(3).ToArray() });
        Assert.AreEqual(predicted[3], prediction.PredictedLabel);
        CollectionAssert.AreEqual(scores[3], prediction.Score);
    }

    [TestMethod]
    public void ClassifierAndFeaturizerRoundTripThroughZips()
    {
        var ml = new MLContext(seed: 0);
        var featurizer = DigitsFewShot.Spiking;
        var episode = new FewShotEpisodeSampler(DigitsFewShot.Digits, DigitsFewShot.HeldOutClasses, seed: 4).Episode(0, 5, 1, 5);
        var classifier = featurizer.CreatePrototypeClassifier(episode.Support);
        var query = episode.Query.ToDataView(ml);
        var path = Path.Combine(Dir, "classifier.zip");
        ml.Model.Save(classifier, query.Schema, path);
        var loaded = (PrototypeClassifierTransformer)new MLContext().Synaptic().LoadModel(path, out _);
        CollectionAssert.AreEqual(classifier.ClassNames.ToArray(), loaded.ClassNames.ToArray());
        var expected = classifier.Transform(query).GetColumn<float[]>("Score").ToArray();
        var actual = loaded.Transform(query).GetColumn<float[]>("Score").ToArray();
        for (var i = 0; i < expected.Length; i++)
            CollectionAssert.AreEqual(expected[i], actual[i]);

        var featurizerPath = Path.Combine(Dir, "featurizer.zip");
        ml.Model.Save(featurizer, query.Schema, featurizerPath);
        var reloaded = (ImageFeaturizerTransformer)new MLContext().Synaptic().LoadModel(featurizerPath, out _);
        CollectionAssert.AreEqual(featurizer.Embed(episode.Query.Image(0)), reloaded.Embed(episode.Query.Image(0)));
        Assert.AreEqual(featurizer.TrainingHistory!.Episodes.Count, reloaded.TrainingHistory!.Episodes.Count);
        Assert.AreEqual(featurizer.Backbone.ToString(), reloaded.Backbone.ToString());
    }

    [TestMethod]
    public void TheSpikingFeaturizerAloneMapsImagesToDeterministicEmbeddings()
    {
        var ml = new MLContext(seed: 0);
        var data = DigitsFewShot.View(ml, [0, 1]);
        var featurizer = ml.Synaptic().Transforms.SpikingFeaturizer(options: new SpikingConvBackboneOptions { Padding = 2, TimeSteps = 4 }, seed: 5).Fit(data);
        var embeddings = featurizer.Transform(data).GetColumn<float[]>("Embedding").Take(20).ToArray();
        Assert.AreEqual(32 * 2 * 2, embeddings[0].Length);
        Assert.IsTrue(embeddings.All(e => e.All(v => v >= 0 && v <= 4 && v == MathF.Round(v))), "Spike counts over 4 steps.");
        CollectionAssert.AreEqual(embeddings, featurizer.Transform(data).GetColumn<float[]>("Embedding").Take(20).ToArray(), "Same image, same spikes.");
        var other = ml.Synaptic().Transforms.SpikingFeaturizer(options: new SpikingConvBackboneOptions { Padding = 2, TimeSteps = 4 }, seed: 6).Fit(data);
        CollectionAssert.AreNotEqual(embeddings[0], other.Transform(data).GetColumn<float[]>("Embedding").First());
    }

    [TestMethod]
    public void BadSupportSetsAndImagesAreRefusedWithTheirNames()
    {
        var ml = new MLContext(seed: 0);
        var featurizer = DigitsFewShot.Conv;
        var one = Assert.ThrowsExactly<ArgumentException>(() => featurizer.CreatePrototypeClassifier(DigitsFewShot.View(ml, [3])));
        StringAssert.Contains(one.Message, "at least 2 classes");

        var digits = DigitsFewShot.Digits;
        var withEmptyClass = new LabeledImages(8, 8, digits.Image(0).ToArray().Concat(digits.Image(1).ToArray()).ToArray(), [0, 2], ["zero", "one", "two"]);
        var empty = Assert.ThrowsExactly<ArgumentException>(() => featurizer.CreatePrototypeClassifier(withEmptyClass.ToDataView(ml)));
        StringAssert.Contains(empty.Message, "'one'");

        var big = new LabeledImages(9, 9, new float[2 * 81], [0, 1], ["a", "b"]);
        var size = Assert.ThrowsExactly<ArgumentException>(() => featurizer.CreatePrototypeClassifier(big.ToDataView(ml)));
        StringAssert.Contains(size.Message, "81 values");

        Assert.ThrowsExactly<ArgumentNullException>(() => featurizer.CreatePrototypeClassifier((IDataView)null!));

        var small = Assert.ThrowsExactly<ArgumentException>(() =>
            ml.Synaptic().Trainers.PrototypicalNetwork(new PrototypicalNetworkTrainer.Options { Backbone = new ConvBackboneOptions(), Episodes = 1 })
                .Fit(DigitsFewShot.View(ml, DigitsFewShot.TrainClasses)));
        StringAssert.Contains(small.Message, "8×8");

        var classifier = featurizer.CreatePrototypeClassifier(DigitsFewShot.View(ml, [1, 2]));
        var bright = new LabeledImages(8, 8, Enumerable.Repeat(0.5f, 64).ToArray(), [0], ["x"], null);
        var pixels = bright.Pixels.ToArray();
        pixels[10] = 2f;
        var view = ml.Data.LoadFromEnumerable(new[] { new DigitRow { Image = new float[64] }, new DigitRow { Image = pixels } });
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => classifier.Transform(view).GetColumn<uint>("PredictedLabel").ToArray());
        StringAssert.Contains(ex.Message, "row 1, element 10");
    }

    [TestMethod]
    public void ValidationKeepsTheBestNetworkReportsProgressAndCancels()
    {
        var ml = new MLContext(seed: 0);
        var reports = new List<TrainingProgress>();
        var options = new PrototypicalNetworkTrainer.Options
        {
            Backbone = new ConvBackboneOptions { Padding = 2 },
            Episodes = 60,
            Seed = 2,
            ValidationData = DigitsFewShot.View(ml, [1, 3, 5, 7, 9]),
            ValidationInterval = 20,
            ValidationEpisodes = 10,
            CheckpointDirectory = Dir,
            Progress = new Reports(reports.Add),
        };
        var featurizer = ml.Synaptic().Trainers.PrototypicalNetwork(options).Fit(DigitsFewShot.View(ml, DigitsFewShot.TrainClasses));
        Assert.AreEqual(60, reports.Count);
        Assert.AreEqual(60, reports[^1].Iteration);
        var (validatedAt, _) = featurizer.TrainingHistory!.Series(MetricKeys.EvaluationAccuracy);
        CollectionAssert.AreEqual(new long[] { 20, 40, 60 }, validatedAt);
        var best = (ImageFeaturizerTransformer)ml.Synaptic().LoadModel(Path.Combine(Dir, "best-featurizer.zip"), out _);
        var image = DigitsFewShot.Digits.Image(0);
        CollectionAssert.AreEqual(best.Embed(image), featurizer.Embed(image), "Fit returns the best validated network, the one saved.");

        using var cancellation = new CancellationTokenSource();
        options.CheckpointDirectory = null;
        options.CancellationToken = cancellation.Token;
        options.Progress = new Reports(p =>
        {
            if (p.Iteration == 5)
                cancellation.Cancel();
        });
        Assert.ThrowsExactly<OperationCanceledException>(() => ml.Synaptic().Trainers.PrototypicalNetwork(options).Fit(DigitsFewShot.View(ml, DigitsFewShot.TrainClasses)));
    }

    private sealed class Reports(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
