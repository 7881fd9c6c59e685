using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Data;
using Synaptic.ML.Tests.Trainers.FewShot;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Meta;

/// <summary>
/// MAML on scikit-learn's 8×8 digits: meta-trained on the even digits, adapted to the odd ones it never saw; the
/// adapted classifier's ML.NET surface (Evaluate, PredictionEngine, zips) and the refusals of bad options and support sets.
/// </summary>
[TestClass]
public sealed class MamlTests : TempDirectoryTest
{
    private static readonly Lazy<MamlTransformer> SecondOrderLazy = new(() => Train(firstOrder: false));

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

    /// <summary>Two 3×3 convolutions of 32 channels with padding 1: 8×8 digits give 32×2×2 = 128 features.</summary>
    private static ConvBackboneOptions Backbone => new() { Channels = [32, 32], KernelSize = 3, Padding = 1 };

    private static MamlTrainer.Options Options(bool firstOrder) => new()
    {
        Backbone = Backbone,
        Ways = 5,
        Shots = 5,
        Queries = 10,
        Episodes = 200,
        MetaBatchSize = 4,
        // First order approximates second order when α is small, so it takes smaller, more steps (with the second
        // order's α = 0.2 and 3 steps it does not learn here).
        InnerSteps = firstOrder ? 5 : 3,
        InnerLearningRate = firstOrder ? 0.05 : 0.2,
        FirstOrder = firstOrder,
        Seed = 1,
        TorchThreads = 1,
    };

    private static MamlTransformer Train(bool firstOrder)
    {
        var ml = new MLContext(seed: 0);
        return ml.Synaptic().Trainers.Maml(Options(firstOrder)).Fit(DigitsFewShot.View(ml, DigitsFewShot.TrainClasses));
    }

    /// <summary>
    /// 5-way 5-shot on the five digit classes never seen in meta-training: chance is 20%. (Five meta-training classes are
    /// few: adaptation to them reaches ~98% while the unseen ones stay near 60–80%.)
    /// </summary>
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void MamlLearnsToAdaptToUnseenDigitClassesInBothOrders(bool firstOrder)
    {
        var ml = new MLContext(seed: 0);
        var model = firstOrder ? Train(firstOrder: true) : SecondOrderLazy.Value;
        var held = DigitsFewShot.Digits;
        var after = ml.Synaptic().EvaluateFewShot(model, held, DigitsFewShot.HeldOutClasses, shots: 5, queries: 10, episodes: 100, seed: 5);
        var untrained = Untrained(firstOrder);
        var before = ml.Synaptic().EvaluateFewShot(untrained, held, DigitsFewShot.HeldOutClasses, shots: 5, queries: 10, episodes: 100, seed: 5);
        var noSteps = ml.Synaptic().EvaluateFewShot(model, held, DigitsFewShot.HeldOutClasses, shots: 5, queries: 10, episodes: 100, seed: 5, steps: 0);
        Assert.IsTrue(after.MeanAccuracy > 0.5, $"after meta-training: {after}");
        Assert.IsTrue(after.MeanAccuracy > before.MeanAccuracy + 0.1, $"after {after}; the untrained initialisation {before}");
        // Without adaptation the head's outputs are not tied to this episode's classes: chance, within noise.
        Assert.AreEqual(0.2, noSteps.MeanAccuracy, 0.08, $"without adaptation: {noSteps}");
        Assert.AreEqual(200, model.TrainingHistory!.Series(MetricKeys.Accuracy).Steps.Length);
    }

    /// <summary>The initialisation before meta-training (one meta-batch at a negligible meta learning rate), adapted with the same α and steps.</summary>
    private static MamlTransformer Untrained(bool firstOrder)
    {
        var ml = new MLContext(seed: 0);
        var options = Options(firstOrder);
        options.Episodes = 1;
        options.LearningRate = 1e-12;
        return ml.Synaptic().Trainers.Maml(options).Fit(DigitsFewShot.View(ml, DigitsFewShot.TrainClasses));
    }

    [TestMethod]
    public void TheAdaptedClassifierEvaluatesWithMlNetAndRoundTripsThroughZips()
    {
        var ml = new MLContext(seed: 0);
        var model = SecondOrderLazy.Value;
        var episode = new FewShotEpisodeSampler(DigitsFewShot.Digits, DigitsFewShot.HeldOutClasses, seed: 11).Episode(0, 5, 5, 15);
        var classifier = model.Adapt(episode.Support.ToDataView(ml));
        CollectionAssert.AreEqual(episode.ClassIds.Select(c => DigitsFewShot.Digits.ClassNames[c]).ToArray(), classifier.ClassNames.ToArray());

        var query = episode.Query.ToDataView(ml);
        var scored = classifier.Transform(query);
        var metrics = ml.MulticlassClassification.Evaluate(scored);
        var predicted = scored.GetColumn<uint>("PredictedLabel").ToArray();
        var truth = episode.Query.Labels.ToArray();
        var accuracy = predicted.Where((p, i) => p - 1 == truth[i]).Count() / (double)truth.Length;
        Assert.AreEqual(accuracy, metrics.MicroAccuracy, 1e-9);
        Assert.IsTrue(accuracy > 0.4, $"accuracy {accuracy}");
        // The transform predicts what the evaluation path predicts for the same episode and steps.
        CollectionAssert.AreEqual(model.Predict(episode, model.AdaptationSteps), predicted.Select(p => (int)p - 1).ToArray());
        var scores = scored.GetColumn<float[]>("Score").ToArray();
        for (var i = 0; i < scores.Length; i++)
        {
            Assert.AreEqual(1.0, scores[i].Sum(), 1e-5);
            Assert.AreEqual((uint)Array.IndexOf(scores[i], scores[i].Max()) + 1, predicted[i]);
        }

        var engine = ml.Model.CreatePredictionEngine<DigitRow, DigitPrediction>(classifier);
        var prediction = engine.Predict(new DigitRow { Image = episode.Query.Image(3).ToArray() });
        Assert.AreEqual(predicted[3], prediction.PredictedLabel);
        // The transform embeds a block of rows per forward, the engine one row: libtorch picks its convolution kernels
        // by batch size, so the scores agree to rounding, not bit for bit.
        Assert.HasCount(scores[3].Length, prediction.Score);
        for (var c = 0; c < scores[3].Length; c++)
            Assert.AreEqual(scores[3][c], prediction.Score[c], 1e-6f, $"score of class {c}");

        var classifierPath = Path.Combine(Dir, "adapted.zip");
        ml.Model.Save(classifier, query.Schema, classifierPath);
        var loadedClassifier = (MamlClassifierTransformer)new MLContext().Synaptic().LoadModel(classifierPath, out _);
        var reloadedScores = loadedClassifier.Transform(query).GetColumn<float[]>("Score").ToArray();
        for (var i = 0; i < scores.Length; i++)
            CollectionAssert.AreEqual(scores[i], reloadedScores[i]);

        var modelPath = Path.Combine(Dir, "maml.zip");
        ml.Model.Save(model, query.Schema, modelPath);
        var loadedModel = (MamlTransformer)new MLContext().Synaptic().LoadModel(modelPath, out _);
        Assert.AreEqual(model.AdaptationSteps, loadedModel.AdaptationSteps);
        CollectionAssert.AreEqual(model.Embed(episode.Query.Image(0)), loadedModel.Embed(episode.Query.Image(0)));
        var readapted = loadedModel.Adapt(episode.Support).Transform(query).GetColumn<float[]>("Score").ToArray();
        for (var i = 0; i < scores.Length; i++)
            CollectionAssert.AreEqual(scores[i], readapted[i], $"query {i}: the loaded model adapts to the same classifier");
    }

    [TestMethod]
    public void MetaSgdLearnsItsRatesAndSavesThem()
    {
        var ml = new MLContext(seed: 0);
        var options = Options(firstOrder: true);
        options.Episodes = 20;
        options.LearnInnerLearningRates = true;
        var model = ml.Synaptic().Trainers.Maml(options).Fit(DigitsFewShot.View(ml, DigitsFewShot.TrainClasses));
        Assert.IsTrue(model.LearnsInnerLearningRates);
        var rates = model.Network.InnerLearningRates;
        Assert.AreEqual(model.Network.Weights.Count, rates.Count);
        var moved = rates.Sum(r => (r - 0.4).abs().sum().item<float>());
        Assert.IsTrue(moved > 0, "the inner learning rates did not change");
        var path = Path.Combine(Dir, "metasgd.zip");
        ml.Model.Save(model, DigitsFewShot.View(ml, [1]).Schema, path);
        var loaded = (MamlTransformer)new MLContext().Synaptic().LoadModel(path, out _);
        for (var i = 0; i < rates.Count; i++)
            CollectionAssert.AreEqual(rates[i].data<float>().ToArray(), loaded.Network.InnerLearningRates[i].data<float>().ToArray());
    }

    [TestMethod]
    public void BadOptionsAndSupportSetsAreRefusedWithTheirNames()
    {
        var ml = new MLContext(seed: 0);
        var zero = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Synaptic().Trainers.Maml(new MamlTrainer.Options { InnerSteps = 0 }));
        StringAssert.Contains(zero.Message, "InnerSteps");
        StringAssert.Contains(zero.Message, "Second-order");
        _ = ml.Synaptic().Trainers.Maml(new MamlTrainer.Options { InnerSteps = 0, FirstOrder = true });
        foreach (var rate in new[] { double.NaN, double.PositiveInfinity, 0.0, -0.1 })
        {
            var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Synaptic().Trainers.Maml(new MamlTrainer.Options { InnerLearningRate = rate }));
            StringAssert.Contains(ex.Message, "InnerLearningRate");
            StringAssert.Contains(ex.Message, rate.ToString(System.Globalization.CultureInfo.CurrentCulture));
        }
        var batch = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Synaptic().Trainers.Maml(new MamlTrainer.Options { MetaBatchSize = 0 }));
        StringAssert.Contains(batch.Message, "MetaBatchSize");

        var model = SecondOrderLazy.Value;
        var digits = DigitsFewShot.Digits;
        // A support set of the model's 5 classes with one of them missing.
        var pixels = Enumerable.Range(0, 4).SelectMany(i => digits.Image(i).ToArray()).ToArray();
        var missing = new LabeledImages(8, 8, pixels, [0, 1, 3, 4], ["a", "b", "c", "d", "e"]);
        var gap = Assert.ThrowsExactly<ArgumentException>(() => model.Adapt(missing.ToDataView(ml)));
        StringAssert.Contains(gap.Message, "'c'");
        var three = Assert.ThrowsExactly<ArgumentException>(() => model.Adapt(DigitsFewShot.View(ml, [1, 3, 5])));
        StringAssert.Contains(three.Message, "3 classes");
        StringAssert.Contains(three.Message, "5-way");
        var big = new LabeledImages(9, 9, new float[5 * 81], [0, 1, 2, 3, 4], ["a", "b", "c", "d", "e"]);
        var size = Assert.ThrowsExactly<ArgumentException>(() => model.Adapt(big.ToDataView(ml)));
        StringAssert.Contains(size.Message, "81 values");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.Adapt(DigitsFewShot.Subset([1, 3, 5, 7, 9]), steps: -1));
    }
}
