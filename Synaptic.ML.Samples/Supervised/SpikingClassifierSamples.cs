using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Data;
using Synaptic.ML.Plotting;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples;

/// <summary>
/// The <c>classify</c> command: supervised spiking classifiers as ML.NET trainers.
/// <list type="bullet">
/// <item><c>classify fashion</c> — snnTorch's tutorial network (784-1000-10 Leaky, β 0.95, T 25, rate coding, count
/// cross-entropy, Adam 5e-4, batches of 128) on 10-class Fashion-MNIST: seconds per epoch and test accuracy
/// (<c>--epochs</c>, default 1; <c>--threads</c>, default 1; <c>--seed</c>, default 1). Its peer is
/// bench/peers/snntorch_fashion_mnist.py.</item>
/// <item><c>classify conv</c> — a convolutional spiking network (12C5-MP2-64C5-MP2-FC10 Leaky, direct-current input,
/// T 10) on 10-class Fashion-MNIST (<c>--epochs</c>, default 3; <c>--threads</c>, default 2).</item>
/// <item><c>classify baselines</c> — ML.NET's SdcaMaximumEntropy and LightGBM on the raw pixels.</item>
/// <item><c>classify binary</c> — sneaker vs ankle boot: <c>BinaryClassification.Evaluate</c>, and a raster of a test image.</item>
/// <item><c>classify digits</c> — 5-fold <c>CrossValidate</c> on the 8×8 digits, and the trained network's hidden spike
/// counts → NormalizeMinMax → AppendCacheCheckpoint → SdcaMaximumEntropy, saved and reloaded.</item>
/// </list>
/// Without a verb, all of them run.
/// </summary>
public static class SpikingClassifierSamples
{
    /// <summary>Runs the command.</summary>
    /// <param name="arguments">The verb, output directory and settings.</param>
    /// <returns>The exit code.</returns>
    public static int Run(SampleArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        Directory.CreateDirectory(arguments.OutputDirectory);
        var verb = arguments.Verb ?? "all";
        var ml = new MLContext(seed: 0);
        var ran = false;
        if (verb is "all" or "fashion")
            ran = Report(() => Fashion(ml, arguments));
        if (verb is "all" or "conv")
            ran = Report(() => Convolutional(ml, arguments));
        if (verb is "all" or "baselines")
            ran = Report(() => Baselines(ml));
        if (verb is "all" or "binary")
            ran = Report(() => Binary(ml, arguments.OutputDirectory));
        if (verb is "all" or "digits")
            ran = Report(() => Digits(ml, arguments.OutputDirectory));
        if (!ran)
        {
            Console.Error.WriteLine($"Unknown verb '{verb}': classify fashion | conv | baselines | binary | digits.");
            return 2;
        }
        return 0;
    }

    private static bool Report(Action run)
    {
        run();
        return true;
    }

    private static int Int(SampleArguments arguments, string name, int fallback) =>
        int.Parse(arguments.Setting(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    /// <summary>snnTorch's tutorial network on 10-class Fashion-MNIST.</summary>
    private static void Fashion(MLContext ml, SampleArguments arguments)
    {
        var (train, test) = FashionViews(ml);
        var options = new SpikingClassifierOptions
        {
            FeatureColumnName = LabeledImages.Columns.Image,
            Epochs = Int(arguments, "epochs", 1),
            TorchThreads = Int(arguments, "threads", 1),
            Seed = Int(arguments, "seed", 1),
            Progress = new EpochReport("fashion snn"),
        };
        var model = ml.Synaptic().Trainers.SpikingMulticlass(options).Fit(train);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
        var (_, seconds) = model.TrainingHistory!.Series(MetricKeys.Seconds);
        Console.WriteLine($"fashion snn ({options.Network}): {options.Epochs} epoch(s), {seconds[^1]:F1} s training ({seconds[^1] / options.Epochs:F1} s per epoch, " +
            $"{options.TorchThreads} thread(s)), test accuracy {metrics.MicroAccuracy:P2}.");
        ml.Model.Save(model, train.Schema, Path.Combine(arguments.OutputDirectory, "fashion-snn.zip"));
    }

    /// <summary>A convolutional spiking network on 10-class Fashion-MNIST.</summary>
    private static void Convolutional(MLContext ml, SampleArguments arguments)
    {
        var (train, test) = FashionViews(ml);
        var options = new SpikingClassifierOptions
        {
            FeatureColumnName = LabeledImages.Columns.Image,
            Network = new SpikingClassifierNetworkOptions
            {
                ConvolutionChannels = [12, 64],
                KernelSize = 5,
                HiddenSizes = [],
                Beta = 0.5,
                TimeSteps = 10,
                Coding = SpikeInputCoding.DirectCurrent,
            },
            LearningRate = 2e-3,
            Epochs = Int(arguments, "epochs", 3),
            TorchThreads = Int(arguments, "threads", 2),
            Seed = Int(arguments, "seed", 1),
            Progress = new EpochReport("fashion conv snn"),
        };
        var model = ml.Synaptic().Trainers.SpikingMulticlass(options).Fit(train);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
        var (_, seconds) = model.TrainingHistory!.Series(MetricKeys.Seconds);
        Console.WriteLine($"fashion conv snn ({options.Network}): {options.Epochs} epochs, {seconds[^1]:F0} s training, test accuracy {metrics.MicroAccuracy:P2}.");
        ml.Model.Save(model, train.Schema, Path.Combine(arguments.OutputDirectory, "fashion-conv-snn.zip"));
    }

    /// <summary>ML.NET's own multiclass trainers on the raw pixels.</summary>
    private static void Baselines(MLContext ml)
    {
        var (train, test) = FashionViews(ml);
        var features = ml.Transforms.CopyColumns("Features", LabeledImages.Columns.Image);
        (string Name, IEstimator<ITransformer> Trainer)[] trainers =
        [
            ("SdcaMaximumEntropy", ml.MulticlassClassification.Trainers.SdcaMaximumEntropy()),
            ("LightGbm", ml.MulticlassClassification.Trainers.LightGbm()),
        ];
        foreach (var (name, trainer) in trainers)
        {
            var clock = Stopwatch.StartNew();
            var model = features.AppendCacheCheckpoint(ml).Append(trainer).Fit(train);
            var fit = clock.Elapsed.TotalSeconds;
            var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
            Console.WriteLine($"fashion {name} on raw pixels: {fit:F0} s training, test accuracy {metrics.MicroAccuracy:P2}.");
        }
    }

    /// <summary>Sneaker vs ankle boot, evaluated by ML.NET's binary evaluator; a raster of one test image.</summary>
    private static void Binary(MLContext ml, string output)
    {
        var train = ml.Synaptic().Data.LoadFashionMnist(train: true);
        var test = ml.Synaptic().Data.LoadFashionMnist(train: false);
        const int Sneaker = 7, AnkleBoot = 9;
        IDataView View(LabeledImages images) => ml.Data.LoadFromEnumerable(Enumerable.Range(0, images.Count)
            .Where(i => images.Labels[i] is Sneaker or AnkleBoot)
            .Select(i => new BinaryRow { Features = images.Image(i).ToArray(), Label = images.Labels[i] == AnkleBoot }));
        var options = new SpikingClassifierOptions { Epochs = 1, TorchThreads = 1, Seed = 1, Progress = new EpochReport("sneaker vs ankle boot") };
        var model = ml.Synaptic().Trainers.SpikingBinary(options).Fit(View(train));
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(View(test)));
        Console.WriteLine($"sneaker vs ankle boot: accuracy {metrics.Accuracy:P2}, AUC {metrics.AreaUnderRocCurve:F4}, F1 {metrics.F1Score:F4}.");
        var image = Enumerable.Range(0, test.Count).First(i => test.Labels[i] == AnkleBoot);
        var trace = model.Trace(test.Image(image));
        var path = Path.Combine(output, "fashion-binary-raster.png");
        SpikeRasterPlot.SavePng(path, trace.HiddenSpikes, trace.TimeSteps, trace.HiddenNeurons,
            $"Hidden spikes of test image {image} (ankle boot); output counts {string.Join(", ", trace.OutputCounts())} (sneaker, ankle boot)");
        Console.WriteLine($"raster: {path}");
    }

    /// <summary>CrossValidate on the digits, and spiking features feeding SDCA.</summary>
    private static void Digits(MLContext ml, string output)
    {
        var digits = ml.Synaptic().Data.LoadDigits().ToDataView(ml);
        var options = new SpikingClassifierOptions
        {
            FeatureColumnName = LabeledImages.Columns.Image,
            Network = new SpikingClassifierNetworkOptions { HiddenSizes = [128], TimeSteps = 10 },
            Epochs = 4,
            BatchSize = 32,
            LearningRate = 5e-3,
            Seed = 1,
        };
        var clock = Stopwatch.StartNew();
        var folds = ml.MulticlassClassification.CrossValidate(digits, ml.Synaptic().Trainers.SpikingMulticlass(options), numberOfFolds: 5);
        var accuracies = folds.Select(f => f.Metrics.MicroAccuracy).ToArray();
        var (mean, std) = SampleStatistics.MeanStd(accuracies);
        Console.WriteLine($"digits, 5-fold CrossValidate: accuracy {mean:P2} ± {std:P2} " +
            $"({string.Join(", ", accuracies.Select(a => a.ToString("P1", CultureInfo.InvariantCulture)))}; {clock.Elapsed.TotalSeconds:F0} s).");

        var split = ml.Data.TrainTestSplit(digits, testFraction: 0.3, seed: 1);
        var classifier = ml.Synaptic().Trainers.SpikingMulticlass(options).Fit(split.TrainSet);
        clock.Restart();
        var featurizer = classifier.CreateFeaturizer();
        var pipeline = ml.Transforms.NormalizeMinMax("Features", "SpikingFeatures")
            .AppendCacheCheckpoint(ml)
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy());
        var model = new TransformerChain<ITransformer>(featurizer).Append(pipeline.Fit(featurizer.Transform(split.TrainSet)));
        var fit = clock.Elapsed.TotalSeconds;
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet));
        var path = Path.Combine(output, "digits-spiking-features-sdca.zip");
        ml.Model.Save(model, digits.Schema, path);
        var reloaded = new MLContext(seed: 0).Synaptic().LoadModel(path, out _);
        var same = reloaded.Transform(split.TestSet).GetColumn<uint>("PredictedLabel").SequenceEqual(model.Transform(split.TestSet).GetColumn<uint>("PredictedLabel"));
        Console.WriteLine($"digits, spiking features → NormalizeMinMax → AppendCacheCheckpoint → SdcaMaximumEntropy: fit {fit:F1} s, test accuracy {metrics.MicroAccuracy:P2}; " +
            $"saved and reloaded ({(same ? "same predictions" : "PREDICTIONS DIFFER")}).");
    }

    private static (IDataView Train, IDataView Test) FashionViews(MLContext ml) =>
        (ml.Synaptic().Data.LoadFashionMnist(train: true).ToDataView(ml), ml.Synaptic().Data.LoadFashionMnist(train: false).ToDataView(ml));

    private sealed class BinaryRow
    {
        [VectorType(28 * 28)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    /// <summary>Prints each epoch's loss, accuracy and seconds as it ends.</summary>
    private sealed class EpochReport(string name) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => Console.WriteLine($"  {name}: {value}");
    }
}
