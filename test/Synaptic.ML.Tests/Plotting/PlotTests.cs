using SkiaSharp;
using Synaptic.ML.Plotting;

namespace Synaptic.ML.Tests.Plotting;

[TestClass]
public sealed class PlotTests : TempDirectoryTest
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [TestMethod]
    public void SpikeRaster_WritesPngOfRequestedSize_CreatingDirectory()
    {
        const int T = 25, N = 784;
        float[] spikes = RandomSpikes(T, N, rate: 0.1, seed: 1);
        string path = Path.Combine(Dir, "nested", "deeper", "raster.png");

        SpikeRasterPlot.SavePng(path, spikes, T, N, title: "Poisson spikes", width: 640, height: 480);

        AssertPng(path, 640, 480);
    }

    [TestMethod]
    public void SpikeRaster_DefaultSizeIs800x600()
    {
        string path = Path.Combine(Dir, "raster.png");
        SpikeRasterPlot.SavePng(path, RandomSpikes(10, 20, 0.3, seed: 2), 10, 20);
        AssertPng(path, 800, 600);
    }

    [TestMethod]
    public void SpikeRaster_WithSpikes_DiffersFromEmptyRaster()
    {
        const int T = 25, N = 784;
        string empty = Path.Combine(Dir, "empty.png");
        string full = Path.Combine(Dir, "full.png");
        float[] spikes = RandomSpikes(T, N, rate: 0.05, seed: 3);
        int spikeCount = spikes.Count(s => s != 0);

        SpikeRasterPlot.SavePng(empty, new float[T * N], T, N, title: "raster");
        SpikeRasterPlot.SavePng(full, spikes, T, N, title: "raster");

        using SKBitmap a = Decode(empty);
        using SKBitmap b = Decode(full);
        int changed = DifferingPixels(a, b).Count;
        // Markers are at least 2x2 pixels; even with overlaps, ~1000 spikes change far more than 1000 pixels.
        Assert.IsGreaterThan(spikeCount, changed, $"{spikeCount} spikes changed only {changed} pixels.");
    }

    [TestMethod]
    public void SpikeRaster_MarkersSitAtTheirTimeStepAndNeuron()
    {
        const int T = 20, N = 50, W = 800, H = 600;
        string empty = Path.Combine(Dir, "empty.png");
        SpikeRasterPlot.SavePng(empty, new float[T * N], T, N);
        using SKBitmap blank = Decode(empty);

        // All neurons of the first time step spike: the change is a vertical strip at the far left.
        var first = new float[T * N];
        first.AsSpan(0, N).Fill(1f);
        var firstBox = ChangedBox(blank, first, T, N, "first-step.png");
        Assert.IsLessThan(W / 8, firstBox.Right, $"first time step drawn at {firstBox}");
        Assert.IsGreaterThan(H / 2, firstBox.Height, $"first time step drawn at {firstBox}");

        // All neurons of the last time step spike: a vertical strip at the far right.
        var last = new float[T * N];
        last.AsSpan((T - 1) * N, N).Fill(1f);
        var lastBox = ChangedBox(blank, last, T, N, "last-step.png");
        Assert.IsGreaterThan(W * 7 / 8, lastBox.Left, $"last time step drawn at {lastBox}");

        // Neuron 0 at every time step: a horizontal strip at the bottom (neuron index grows upwards).
        var neuron0 = new float[T * N];
        for (int t = 0; t < T; t++)
        {
            neuron0[t * N] = 0.5f;
        }

        var bottomBox = ChangedBox(blank, neuron0, T, N, "neuron0.png");
        Assert.IsGreaterThan(H * 3 / 4, bottomBox.Top, $"neuron 0 drawn at {bottomBox}");
        Assert.IsGreaterThan(W / 2, bottomBox.Width, $"neuron 0 drawn at {bottomBox}");
    }

    [TestMethod]
    public void SpikeRaster_LengthMismatch_ThrowsNamingBothSizes()
    {
        var ex = Assert.ThrowsExactly<ArgumentException>(
            () => SpikeRasterPlot.SavePng(Path.Combine(Dir, "x.png"), new float[100], 25, 784));
        Assert.Contains("100", ex.Message);
        Assert.Contains("25", ex.Message);
        Assert.Contains("784", ex.Message);
        Assert.Contains("19600", ex.Message);
        Assert.AreEqual("spikes", ex.ParamName);
        Assert.IsFalse(File.Exists(Path.Combine(Dir, "x.png")));
    }

    [TestMethod]
    public void SpikeRaster_BadArguments_Throw()
    {
        string path = Path.Combine(Dir, "x.png");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SpikeRasterPlot.SavePng(path, [], 0, 5));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SpikeRasterPlot.SavePng(path, [], 5, 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SpikeRasterPlot.SavePng(path, new float[4], 2, 2, width: 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SpikeRasterPlot.SavePng(path, new float[4], 2, 2, height: -1));
        Assert.ThrowsExactly<ArgumentException>(() => SpikeRasterPlot.SavePng("", new float[4], 2, 2));
        Assert.ThrowsExactly<ArgumentException>(() => SpikeRasterPlot.SavePng("  ", new float[4], 2, 2));
        Assert.ThrowsExactly<ArgumentNullException>(() => SpikeRasterPlot.SavePng(null!, new float[4], 2, 2));
    }

    [TestMethod]
    public void LinePlot_WritesPngOfRequestedSize()
    {
        double[] epochs = Enumerable.Range(1, 20).Select(i => (double)i).ToArray();
        var train = new LineSeries("train", epochs, epochs.Select(e => 1 - Math.Exp(-e / 5)).ToArray());
        var test = new LineSeries("test", epochs, epochs.Select(e => 0.9 * (1 - Math.Exp(-e / 6))).ToArray());
        string path = Path.Combine(Dir, "curves", "accuracy.png");

        LinePlot.SavePng(path, [train, test], title: "Accuracy", xLabel: "Epoch", yLabel: "Accuracy", width: 900, height: 500);

        AssertPng(path, 900, 500);
    }

    [TestMethod]
    public void LinePlot_SingleSeries_DefaultSize()
    {
        var loss = new LineSeries("loss", [0, 1, 2, 3, 4], [2.3, 1.2, 0.8, 0.6, 0.5]);
        string path = Path.Combine(Dir, "loss.png");
        LinePlot.SavePng(path, [loss]);
        AssertPng(path, 800, 600);
    }

    [TestMethod]
    public void LinePlot_DrawsTheLine()
    {
        string one = Path.Combine(Dir, "one.png");
        string two = Path.Combine(Dir, "two.png");
        var baseLine = new LineSeries("a", [0, 10], [0, 10]);
        var other = new LineSeries("b", [0, 10], [10, 0]);

        LinePlot.SavePng(one, [baseLine]);
        LinePlot.SavePng(two, [baseLine, other]);

        using SKBitmap a = Decode(one);
        using SKBitmap b = Decode(two);
        // The second (crossing) line and the legend change many pixels.
        Assert.IsGreaterThan(500, DifferingPixels(a, b).Count);
    }

    [TestMethod]
    public void LineSeries_CountMismatch_ThrowsNamingLabelAndCounts()
    {
        var ex = Assert.ThrowsExactly<ArgumentException>(() => new LineSeries("val-loss", [1, 2, 3], [1, 2]));
        Assert.Contains("val-loss", ex.Message);
        Assert.Contains("3", ex.Message);
        Assert.Contains("2", ex.Message);
    }

    [TestMethod]
    public void LineSeries_NaN_ThrowsNamingSeriesAndIndex()
    {
        var ex = Assert.ThrowsExactly<ArgumentException>(() => new LineSeries("acc", [0, 1, 2, 3], [0.1, 0.2, double.NaN, 0.4]));
        Assert.Contains("acc", ex.Message);
        Assert.Contains("[2]", ex.Message);
        Assert.Contains("NaN", ex.Message);

        var inX = Assert.ThrowsExactly<ArgumentException>(() => new LineSeries("acc", [0, double.NaN], [0.1, 0.2]));
        Assert.Contains("X[1]", inX.Message);

        Assert.ThrowsExactly<ArgumentException>(() => new LineSeries("inf", [0, 1], [double.PositiveInfinity, 0]));
    }

    [TestMethod]
    public void LinePlot_RechecksSeriesChangedAfterConstruction()
    {
        var ys = new List<double> { 1, 2, 3 };
        var series = new LineSeries("mutable", [0, 1, 2], ys);
        ys.Add(4);
        var ex = Assert.ThrowsExactly<ArgumentException>(() => LinePlot.SavePng(Path.Combine(Dir, "x.png"), [series]));
        Assert.Contains("mutable", ex.Message);
        Assert.Contains("4", ex.Message);

        var withNaN = series with { X = [0, 1, 2, 3], Y = [0, double.NaN, 0, 0] };
        ex = Assert.ThrowsExactly<ArgumentException>(() => LinePlot.SavePng(Path.Combine(Dir, "x.png"), [withNaN]));
        Assert.Contains("Y[1]", ex.Message);
    }

    [TestMethod]
    public void LinePlot_BadArguments_Throw()
    {
        var s = new LineSeries("s", [0, 1], [0, 1]);
        Assert.ThrowsExactly<ArgumentException>(() => LinePlot.SavePng(Path.Combine(Dir, "x.png"), []));
        Assert.ThrowsExactly<ArgumentNullException>(() => LinePlot.SavePng(Path.Combine(Dir, "x.png"), null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => LinePlot.SavePng(Path.Combine(Dir, "x.png"), [s, null!]));
        Assert.ThrowsExactly<ArgumentException>(() => LinePlot.SavePng("", [s]));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => LinePlot.SavePng(Path.Combine(Dir, "x.png"), [s], width: 0));
        Assert.ThrowsExactly<ArgumentNullException>(() => new LineSeries(null!, [0], [0]));
        Assert.ThrowsExactly<ArgumentNullException>(() => new LineSeries("s", null!, [0]));
        Assert.ThrowsExactly<ArgumentNullException>(() => new LineSeries("s", [0], null!));
    }

    private (int Left, int Top, int Right, int Bottom, int Width, int Height) ChangedBox(
        SKBitmap blank, float[] spikes, int timeSteps, int neurons, string name)
    {
        string path = Path.Combine(Dir, name);
        SpikeRasterPlot.SavePng(path, spikes, timeSteps, neurons);
        using SKBitmap drawn = Decode(path);
        List<(int X, int Y)> changed = DifferingPixels(blank, drawn);
        Assert.IsNotEmpty(changed, $"{name}: no pixel changed");
        int left = changed.Min(p => p.X), right = changed.Max(p => p.X);
        int top = changed.Min(p => p.Y), bottom = changed.Max(p => p.Y);
        return (left, top, right, bottom, right - left + 1, bottom - top + 1);
    }

    private static float[] RandomSpikes(int timeSteps, int neurons, double rate, int seed)
    {
        var rng = new Random(seed);
        var spikes = new float[timeSteps * neurons];
        for (int i = 0; i < spikes.Length; i++)
        {
            spikes[i] = rng.NextDouble() < rate ? 1f : 0f;
        }

        return spikes;
    }

    private static void AssertPng(string path, int width, int height)
    {
        Assert.IsTrue(File.Exists(path), $"{path} was not written");
        byte[] bytes = File.ReadAllBytes(path);
        Assert.IsGreaterThan(PngSignature.Length, bytes.Length);
        CollectionAssert.AreEqual(PngSignature, bytes[..PngSignature.Length], "not a PNG signature");
        using SKBitmap bitmap = Decode(path);
        Assert.AreEqual(width, bitmap.Width);
        Assert.AreEqual(height, bitmap.Height);
    }

    private static SKBitmap Decode(string path) =>
        SKBitmap.Decode(path) ?? throw new AssertFailedException($"{path} does not decode as an image");

    private static List<(int X, int Y)> DifferingPixels(SKBitmap a, SKBitmap b)
    {
        Assert.AreEqual(a.Width, b.Width);
        Assert.AreEqual(a.Height, b.Height);
        var changed = new List<(int X, int Y)>();
        for (int y = 0; y < a.Height; y++)
        {
            for (int x = 0; x < a.Width; x++)
            {
                if (a.GetPixel(x, y) != b.GetPixel(x, y))
                {
                    changed.Add((x, y));
                }
            }
        }

        return changed;
    }
}
