using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Data;
using Synaptic.ML.Persistence;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Supervised;

/// <summary>
/// The spiking classifiers as ML.NET trainers on the 8×8 digits: they learn, they honour ML.NET's output contract
/// (evaluators, <c>PredictionEngine</c>, zips, <c>CrossValidate</c>), and bad input is refused by name.
/// </summary>
[TestClass]
public sealed class SpikingClassifierTests : TempDirectoryTest
{
    private sealed class DigitRow
    {
        [VectorType(8, 8)]
        public float[] Image { get; set; } = [];
    }

    private sealed class MulticlassPrediction
    {
        public float[] Score { get; set; } = [];

        public uint PredictedLabel { get; set; }
    }

    [TestMethod]
    [TestCategory("Learning")]
    public void TheMulticlassClassifierLearnsTheDigits()
    {
        var ml = new MLContext(seed: 0);
        var model = DigitsClassification.Multiclass;
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(DigitsClassification.Test.ToDataView(ml)));
        // Chance is 10%; a 64-128-10 spiking network after 4 epochs of 1,258 rows is far above it.
        Assert.IsGreaterThan(0.85, metrics.MacroAccuracy, $"macro accuracy {metrics.MacroAccuracy:P1}");
        var history = model.TrainingHistory!;
        var (_, accuracy) = history.Series(MetricKeys.Accuracy);
        Assert.HasCount(4, accuracy);
        Assert.IsGreaterThan(accuracy[0], accuracy[^1], "training accuracy rises over the epochs");
    }

    [TestMethod]
    public void ScoresAreProbabilitiesAndThePredictedKeyCarriesTheLabelsKeyValues()
    {
        var ml = new MLContext(seed: 0);
        var scored = DigitsClassification.Multiclass.Transform(DigitsClassification.Test.ToDataView(ml));
        var predicted = scored.Schema["PredictedLabel"];
        Assert.AreEqual(10UL, ((KeyDataViewType)predicted.Type).Count);
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        predicted.Annotations.GetValue("KeyValues", ref names);
        CollectionAssert.AreEqual(DigitsClassification.Test.ClassNames.ToArray(), names.DenseValues().Select(v => v.ToString()).ToArray());
        var scores = scored.GetColumn<float[]>("Score").Take(50).ToArray();
        var keys = scored.GetColumn<uint>("PredictedLabel").Take(50).ToArray();
        for (var i = 0; i < scores.Length; i++)
        {
            Assert.AreEqual(1.0, scores[i].Sum(), 1e-5, $"row {i}'s scores sum to 1");
            Assert.IsTrue(scores[i].All(s => s is >= 0 and <= 1));
            // The predicted key is the first class of largest score (the key counts from 1).
            Assert.AreEqual((uint)Array.IndexOf(scores[i], scores[i].Max()) + 1, keys[i], $"row {i}");
        }
        var back = ml.Transforms.Conversion.MapKeyToValue("PredictedName", "PredictedLabel").Fit(scored).Transform(scored);
        var texts = back.GetColumn<string>("PredictedName").Take(5).ToArray();
        CollectionAssert.AreEqual(keys.Take(5).Select(k => DigitsClassification.Test.ClassNames[(int)k - 1]).ToArray(), texts);
    }

    [TestMethod]
    public void TheSameSeedTrainsTheSameClassifier()
    {
        var ml = new MLContext(seed: 0);
        var options = DigitsClassification.Options(epochs: 1);
        var a = DigitsClassification.TrainMulticlass(ml, options);
        var b = DigitsClassification.TrainMulticlass(ml, DigitsClassification.Options(epochs: 1));
        var test = DigitsClassification.Test.ToDataView(ml);
        var sa = a.Transform(test).GetColumn<float[]>("Score").SelectMany(s => s).ToArray();
        var sb = b.Transform(test).GetColumn<float[]>("Score").SelectMany(s => s).ToArray();
        CollectionAssert.AreEqual(sa, sb);
        options.Seed = 2;
        var c = DigitsClassification.TrainMulticlass(ml, options);
        var sc = c.Transform(test).GetColumn<float[]>("Score").SelectMany(s => s).ToArray();
        CollectionAssert.AreNotEqual(sa, sc);
    }

    [TestMethod]
    public void AZipRoundTripScoresTheSameAndPredictionEngineAgreesWithTransform()
    {
        var ml = new MLContext(seed: 0);
        var model = DigitsClassification.Multiclass;
        var test = DigitsClassification.Test.ToDataView(ml);
        var path = Path.Combine(Dir, "digits-snn.zip");
        ml.Model.Save(model, test.Schema, path);
        var loaded = ml.Synaptic().LoadModel(path, out _);
        var before = model.Transform(test).GetColumn<float[]>("Score").ToArray();
        var after = loaded.Transform(test).GetColumn<float[]>("Score").ToArray();
        for (var i = 0; i < before.Length; i++)
            CollectionAssert.AreEqual(before[i], after[i], $"row {i}");
        var reloaded = (SpikingMulticlassTransformer)loaded;
        Assert.AreEqual(model.TrainingHistory!.Rows.Count, reloaded.TrainingHistory!.Rows.Count);

        var engine = ml.Model.CreatePredictionEngine<DigitRow, MulticlassPrediction>(loaded);
        for (var i = 0; i < 5; i++)
        {
            var prediction = engine.Predict(new DigitRow { Image = DigitsClassification.Test.Image(i).ToArray() });
            CollectionAssert.AreEqual(before[i], prediction.Score, $"row {i}: a row scores the same alone as in a view");
        }
    }

    [TestMethod]
    [TestCategory("Learning")]
    public void TheBinaryClassifierIsEvaluatedByMlNetsBinaryEvaluator()
    {
        var ml = new MLContext(seed: 0);
        // Is it a 3? Boolean labels, as ML.NET's binary trainers take them.
        var train = IsThree(ml, DigitsClassification.Train);
        var test = IsThree(ml, DigitsClassification.Test);
        var options = DigitsClassification.Options(epochs: 4);
        options.FeatureColumnName = "Features";
        var model = ml.Synaptic().Trainers.SpikingBinary(options).Fit(train);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(test));
        Assert.IsGreaterThan(0.9, metrics.AreaUnderRocCurve, $"AUC {metrics.AreaUnderRocCurve:F3}");
        Assert.IsGreaterThan(0.93, metrics.Accuracy, $"accuracy {metrics.Accuracy:P1} (always false would score 90%)");
        var scored = model.Transform(test);
        var score = scored.GetColumn<float>("Score").ToArray();
        var probability = scored.GetColumn<float>("Probability").ToArray();
        var predicted = scored.GetColumn<bool>("PredictedLabel").ToArray();
        for (var i = 0; i < score.Length; i++)
        {
            Assert.AreEqual(1 / (1 + Math.Exp(-score[i])), probability[i], 1e-6, $"row {i}: probability = σ(score)");
            Assert.AreEqual(score[i] > 0, predicted[i], $"row {i}");
        }
    }

    [TestMethod]
    public void CrossValidateRunsFiveFoldsOnTheDigits()
    {
        var ml = new MLContext(seed: 0);
        var data = DigitsClassification.Train.ToDataView(ml);
        var results = ml.MulticlassClassification.CrossValidate(data, ml.Synaptic().Trainers.SpikingMulticlass(DigitsClassification.Options(epochs: 2)), numberOfFolds: 5);
        Assert.HasCount(5, results);
        foreach (var fold in results)
            Assert.IsGreaterThan(0.5, fold.Metrics.MacroAccuracy, $"fold {fold.Fold}: {fold.Metrics.MacroAccuracy:P1}");
    }

    [TestMethod]
    public void ValidationKeepsTheBestEpochAndStopsEarly()
    {
        var ml = new MLContext(seed: 0);
        var options = DigitsClassification.Options(epochs: 30);
        options.ValidationData = DigitsClassification.Test.ToDataView(ml);
        options.EarlyStoppingPatience = 1;
        // A learning rate this large makes validation accuracy stall and dip soon, so patience 1 stops long before 30.
        options.LearningRate = 0.05;
        var model = DigitsClassification.TrainMulticlass(ml, options);
        var (_, validation) = model.TrainingHistory!.Series(MetricKeys.EvaluationAccuracy);
        Assert.IsLessThan(30, validation.Length, "stopped early");
        Assert.IsTrue(validation[^1] <= validation[..^1].Max(), "the last epoch did not beat the best: that is why it stopped");
        // The returned model is the best epoch's: its validation accuracy is the best recorded.
        var scored = model.Transform(options.ValidationData);
        var predicted = scored.GetColumn<uint>("PredictedLabel").ToArray();
        var labels = scored.GetColumn<uint>("Label").ToArray();
        var accuracy = predicted.Zip(labels).Count(p => p.First == p.Second) / (double)labels.Length;
        Assert.AreEqual(validation.Max(), accuracy, 1e-12);
    }

    [TestMethod]
    public void CancellationStopsTraining()
    {
        var ml = new MLContext(seed: 0);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var options = DigitsClassification.Options(epochs: 1);
        options.CancellationToken = cancel.Token;
        Assert.ThrowsExactly<OperationCanceledException>(() => DigitsClassification.TrainMulticlass(ml, options));
    }

    [TestMethod]
    public void TheNetworkCanBeConvolutionalWithDirectCurrentOrLatencyInput()
    {
        var ml = new MLContext(seed: 0);
        foreach (var coding in new[] { SpikeInputCoding.DirectCurrent, SpikeInputCoding.Latency })
        {
            var options = DigitsClassification.Options(epochs: 2);
            options.Network = new SpikingClassifierNetworkOptions { ConvolutionChannels = [8], KernelSize = 3, Padding = 1, HiddenSizes = [], TimeSteps = 8, Coding = coding };
            var model = DigitsClassification.TrainMulticlass(ml, options);
            var metrics = ml.MulticlassClassification.Evaluate(model.Transform(DigitsClassification.Test.ToDataView(ml)));
            // Chance is 10%; two epochs of one convolution with latency input reach about half.
            Assert.IsGreaterThan(0.3, metrics.MacroAccuracy, $"{coding}: {metrics.MacroAccuracy:P1}");
        }
    }

    [TestMethod]
    [DataRow(SpikingClassifierLoss.CrossEntropyRate, SpikingNeuronKind.Synaptic, SpikingClassifierReadout.SpikeRate)]
    [DataRow(SpikingClassifierLoss.CrossEntropyMaxMembrane, SpikingNeuronKind.Leaky, SpikingClassifierReadout.MaxMembrane)]
    [DataRow(SpikingClassifierLoss.MseCount, SpikingNeuronKind.Leaky, SpikingClassifierReadout.SpikeCount)]
    [DataRow(SpikingClassifierLoss.CrossEntropyCount, SpikingNeuronKind.Alpha, SpikingClassifierReadout.SpikeCount)]
    [DataRow(SpikingClassifierLoss.MseMembrane, SpikingNeuronKind.Leaky, SpikingClassifierReadout.MeanMembrane)]
    public void EveryLossNeuronAndReadoutLearns(SpikingClassifierLoss loss, SpikingNeuronKind neuron, SpikingClassifierReadout readout)
    {
        var ml = new MLContext(seed: 0);
        var options = DigitsClassification.Options(epochs: 3);
        options.Loss = loss;
        options.CorrectRate = 0.8;
        options.IncorrectRate = 0.2;
        options.Network = new SpikingClassifierNetworkOptions
        {
            HiddenSizes = [128],
            TimeSteps = 10,
            Neuron = neuron,
            Readout = readout,
            Alpha = neuron == SpikingNeuronKind.Alpha ? 0.97 : 0.9,
        };
        var model = DigitsClassification.TrainMulticlass(ml, options);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(DigitsClassification.Test.ToDataView(ml)));
        // Three epochs, the same learning rate for all: every pairing ends at least three times chance (10%); the Alpha
        // neuron, whose membrane follows its input through two synaptic currents, is the slowest (about 36%).
        Assert.IsGreaterThan(0.3, metrics.MacroAccuracy, $"{loss}, {neuron}, {readout}: {metrics.MacroAccuracy:P1}");
    }

    [TestMethod]
    public void ARecurrentHiddenLayerTrains()
    {
        var ml = new MLContext(seed: 0);
        var options = DigitsClassification.Options(epochs: 2);
        options.Network = new SpikingClassifierNetworkOptions { HiddenSizes = [64], TimeSteps = 10, Recurrent = true };
        var model = DigitsClassification.TrainMulticlass(ml, options);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(DigitsClassification.Test.ToDataView(ml)));
        Assert.IsGreaterThan(0.5, metrics.MacroAccuracy, $"{metrics.MacroAccuracy:P1}");
    }

    [TestMethod]
    [TestCategory("Learning")]
    public void HiddenSpikeCountsFeedAnMlNetTrainerThatSavesAndReloads()
    {
        var ml = new MLContext(seed: 0);
        var featurizer = DigitsClassification.Multiclass.CreateFeaturizer();
        Assert.AreEqual(128, featurizer.FeatureSize);
        var pipeline = ml.Transforms.NormalizeMinMax("SpikingFeatures")
            .Append(ml.Transforms.CopyColumns("Features", "SpikingFeatures"))
            .AppendCacheCheckpoint(ml)
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy());
        var train = featurizer.Transform(DigitsClassification.Train.ToDataView(ml));
        var model = new TransformerChain<ITransformer>(featurizer).Append(pipeline.Fit(train));
        var test = DigitsClassification.Test.ToDataView(ml);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
        Assert.IsGreaterThan(0.85, metrics.MacroAccuracy, $"SDCA on spike counts: {metrics.MacroAccuracy:P1}");
        var path = Path.Combine(Dir, "features-sdca.zip");
        ml.Model.Save(model, test.Schema, path);
        // A fresh context, as an app that only loads would have: Synaptic() registers the model loaders on it.
        var loaded = new MLContext(seed: 0).Synaptic().LoadModel(path, out _);
        CollectionAssert.AreEqual(
            model.Transform(test).GetColumn<uint>("PredictedLabel").ToArray(),
            loaded.Transform(test).GetColumn<uint>("PredictedLabel").ToArray());
    }

    [TestMethod]
    public void AMissingOrMistypedLabelIsRefusedAsMlNetRefusesIt()
    {
        var ml = new MLContext(seed: 0);
        var data = DigitsClassification.Train.ToDataView(ml);
        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Synaptic().Trainers.SpikingMulticlass(WithLabel("Digit")).Fit(data));
        StringAssert.Contains(missing.Message, "label column 'Digit' is not in the data");
        var floats = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 4).Select(i => new FloatLabelRow { Image = new float[64], FloatLabel = i % 2 }));
        var wrong = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Synaptic().Trainers.SpikingMulticlass(WithLabel("FloatLabel")).Fit(floats));
        StringAssert.Contains(wrong.Message, "schema mismatch for label column 'FloatLabel': expected Key, got Single");
        var binary = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Synaptic().Trainers.SpikingBinary(WithLabel("Label")).Fit(data));
        StringAssert.Contains(binary.Message, "expected Boolean, got Key");
        var shape = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Synaptic().Trainers.SpikingMulticlass(WithLabel("FloatLabel")).GetOutputSchema(MlNetModelIO.CreateSchemaShape(floats.Schema)));
        StringAssert.Contains(shape.Message, "expected Key");
    }

    [TestMethod]
    public void NaNFeaturesAreNamedByRowAndElement()
    {
        var ml = new MLContext(seed: 0);
        var rows = Enumerable.Range(0, 6).Select(i => new FeatureRow { Features = [i % 2, 0.5f, 1f], Label = i % 2 == 0 }).ToArray();
        rows[4].Features[2] = float.NaN;
        var data = ml.Data.LoadFromEnumerable(rows);
        var options = new SpikingClassifierOptions { Network = new SpikingClassifierNetworkOptions { HiddenSizes = [4], TimeSteps = 2 } };
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Synaptic().Trainers.SpikingBinary(options).Fit(data));
        StringAssert.Contains(ex.Message, "row 4: column 'Features', element 2 is NaN");

        rows[4].Features[2] = 1;
        var model = ml.Synaptic().Trainers.SpikingBinary(options).Fit(ml.Data.LoadFromEnumerable(rows));
        rows[1].Features[0] = float.NaN;
        var scoring = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.Transform(ml.Data.LoadFromEnumerable(rows)).GetColumn<float>("Score").ToArray());
        StringAssert.Contains(scoring.Message, "row 1, element 0: value NaN");
    }

    [TestMethod]
    public void AFeatureVectorOfAnotherSizeThanTheTrainedOneIsRefused()
    {
        var ml = new MLContext(seed: 0);
        var wide = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 3).Select(_ => new WideRow()));
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => DigitsClassification.Multiclass.Transform(wide));
        StringAssert.Contains(ex.Message, "column 'Image' has 65 values per row; the network was trained on 64");
    }

    [TestMethod]
    public void DataOfOneClassIsRefused()
    {
        var ml = new MLContext(seed: 0);
        var rows = Enumerable.Range(0, 4).Select(i => new FeatureRow { Features = [i, 0, 0], Label = true }).ToArray();
        var options = new SpikingClassifierOptions { Network = new SpikingClassifierNetworkOptions { HiddenSizes = [4], TimeSteps = 2 } };
        var ex = Assert.ThrowsExactly<ArgumentException>(() => ml.Synaptic().Trainers.SpikingBinary(options).Fit(ml.Data.LoadFromEnumerable(rows)));
        StringAssert.Contains(ex.Message, "rows of 1 class ('True'); a classifier needs at least 2");
    }

    [TestMethod]
    public void InvalidOptionsAreNamed()
    {
        var ml = new MLContext(seed: 0);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Synaptic().Trainers.SpikingMulticlass(new SpikingClassifierOptions { BatchSize = 0 }));
        var rate = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Synaptic().Trainers.SpikingMulticlass(new SpikingClassifierOptions { CorrectRate = 2 }));
        StringAssert.Contains(rate.Message, nameof(SpikingClassifierOptions.CorrectRate));
        var patience = Assert.ThrowsExactly<ArgumentException>(() => ml.Synaptic().Trainers.SpikingMulticlass(new SpikingClassifierOptions { EarlyStoppingPatience = 2 }));
        StringAssert.Contains(patience.Message, "needs ValidationData");
        var alpha = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Synaptic().Trainers.SpikingMulticlass(new SpikingClassifierOptions
        {
            Network = new SpikingClassifierNetworkOptions { Neuron = SpikingNeuronKind.Alpha, Alpha = 0.5, Beta = 0.9 },
        }));
        StringAssert.Contains(alpha.Message, "α > β");
    }

    private static SpikingClassifierOptions WithLabel(string label)
    {
        var options = DigitsClassification.Options(epochs: 1);
        options.LabelColumnName = label;
        return options;
    }

    private static IDataView IsThree(MLContext ml, LabeledImages images) =>
        ml.Data.LoadFromEnumerable(Enumerable.Range(0, images.Count).Select(i => new FeatureRow64
        {
            Features = images.Image(i).ToArray(),
            Label = images.ClassNames[images.Labels[i]] == "3",
        }));

    private sealed class FeatureRow
    {
        [VectorType(3)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    private sealed class FeatureRow64
    {
        [VectorType(64)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    private sealed class FloatLabelRow
    {
        [VectorType(64)]
        public float[] Image { get; set; } = [];

        public float FloatLabel { get; set; }
    }

    private sealed class WideRow
    {
        [VectorType(65)]
        public float[] Image { get; set; } = new float[65];
    }
}
