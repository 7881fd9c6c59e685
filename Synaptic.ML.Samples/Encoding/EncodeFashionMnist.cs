using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Data;
using Synaptic.ML.Encoding;
using Synaptic.ML.Plotting;

namespace Synaptic.ML.Samples;

/// <summary>
/// Encodes Fashion-MNIST test images three ways — rate, latency, and delta over a row-by-row scan
/// of the image — in one ML.NET pipeline; saves it as a zip, reloads it, and writes spike rasters
/// and firing-rate curves as PNG.
/// </summary>
public static class EncodeFashionMnist
{
    private const int TimeSteps = 25;
    private const int Images = 256;

    /// <summary>One image: 784 pixels in [0, 1] and its [28 rows, 28 columns] scan.</summary>
    private sealed class ImageRow
    {
        [VectorType(784)]
        public float[] Pixels { get; set; } = [];

        [VectorType(28, 28)]
        public float[] Scan { get; set; } = [];

        public uint Label { get; set; }
    }

    public static int Run(SampleArguments args)
    {
        if (!FashionMnist.IsInstalled())
        {
            Console.Error.WriteLine($"Fashion-MNIST is not in {FashionMnist.DefaultDirectory}: apt-get install dataset-fashion-mnist");
            return 2;
        }
        Directory.CreateDirectory(args.OutputDirectory);
        var ml = new MLContext(seed: 0);
        var (images, labels) = FashionMnist.Load(train: false, maxCount: Images);
        var rows = Enumerable.Range(0, images.Count).Select(i => new ImageRow
        {
            Pixels = images.Image(i).ToArray(),
            Scan = images.Image(i).ToArray(),
            Label = labels[i],
        });
        var data = ml.Data.LoadFromEnumerable(rows);

        var transforms = ml.Synaptic().Transforms;
        var pipeline = transforms.EncodeRate("Rate", "Pixels", timeSteps: TimeSteps)
            .Append(transforms.EncodeLatency("Latency", "Pixels", new LatencyParameters { TimeSteps = TimeSteps, Threshold = 0.01, Normalize = true, Linear = true, Clip = true }))
            .Append(transforms.EncodeDelta("Delta", "Scan", threshold: 0.25f, offSpike: true))
            .Append(transforms.DecodeRate("RateDecoded", "Rate"));

        var watch = Stopwatch.StartNew();
        var model = pipeline.Fit(data);
        var zip = Path.Combine(args.OutputDirectory, "fashion-encoders.zip");
        ml.Model.Save(model, data.Schema, zip);
        var reloaded = new MLContext(seed: 0);
        reloaded.Synaptic();
        var loaded = reloaded.Model.Load(zip, out _);
        var encoded = loaded.Transform(data);

        var rate = encoded.GetColumn<float[]>("Rate").ToArray();
        var latency = encoded.GetColumn<float[]>("Latency").ToArray();
        var delta = encoded.GetColumn<float[]>("Delta").ToArray();
        var decoded = encoded.GetColumn<float[]>("RateDecoded").ToArray();
        watch.Stop();

        Console.WriteLine($"Encoded {images.Count} Fashion-MNIST test images (T = {TimeSteps}) three ways in {watch.Elapsed.TotalMilliseconds:F0} ms, through a saved and reloaded zip ({new FileInfo(zip).Length / 1024.0:F1} KiB).");
        Console.WriteLine($"  rate:    {Mean(rate):F1} spikes/image   latency: {Mean(latency):F1} spikes/image   delta: {delta.Average(d => d.Count(v => v != 0)):F1} events/image");
        var error = decoded.Zip(Enumerable.Range(0, images.Count)).Average(p => MeanAbsoluteError(p.First, images.Image(p.Second)));
        Console.WriteLine($"  rate decoded back to pixels: mean |rate − pixel| = {error:F3} (binomial noise at T = {TimeSteps})");

        var first = FashionMnist.ClassNames[labels[0]];
        SpikeRasterPlot.SavePng(Path.Combine(args.OutputDirectory, "raster-rate.png"), rate[0], TimeSteps, 784, $"Rate coding: {first}");
        SpikeRasterPlot.SavePng(Path.Combine(args.OutputDirectory, "raster-latency.png"), latency[0], TimeSteps, 784, $"Latency coding: {first}");
        SpikeRasterPlot.SavePng(Path.Combine(args.OutputDirectory, "raster-delta.png"), delta[0].Select(Math.Abs).ToArray(), 28, 28, $"Delta coding of the row scan: {first}");
        var steps = Enumerable.Range(0, TimeSteps).Select(t => (double)t).ToArray();
        LinePlot.SavePng(Path.Combine(args.OutputDirectory, "firing-rate.png"),
            [new LineSeries("rate", steps, PopulationRate(rate, TimeSteps)), new LineSeries("latency", steps, PopulationRate(latency, TimeSteps))],
            "Population firing rate over time (all images)", "time step", "spikes per neuron");
        Console.WriteLine($"Wrote raster-rate.png, raster-latency.png, raster-delta.png, firing-rate.png and fashion-encoders.zip to {args.OutputDirectory}");
        return 0;
    }

    private static double Mean(float[][] trains) => trains.Average(t => t.Sum());

    private static double MeanAbsoluteError(float[] a, ReadOnlySpan<float> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
            sum += Math.Abs(a[i] - b[i]);
        return sum / a.Length;
    }

    private static double[] PopulationRate(float[][] trains, int steps)
    {
        var neurons = trains[0].Length / steps;
        return Enumerable.Range(0, steps)
            .Select(t => trains.Average(train => (double)train.AsSpan(t * neurons, neurons).ToArray().Sum() / neurons))
            .ToArray();
    }
}
