using SkiaSharp;
using Synaptic.ML.Plotting;

namespace Synaptic.ML.Tests.Plotting;

[TestClass]
public sealed class SpikingPlotTests : TempDirectoryTest
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    // ---- Membrane traces ----

    [TestMethod]
    public void MembraneTrace_WritesPngOfRequestedSize_CreatingDirectory()
    {
        const int T = 100, N = 5;
        string path = Path.Combine(Dir, "nested", "membrane.png");
        MembraneTracePlot.SavePng(path, LeakyTraces(T, N), T, N, [0, 2, 4], threshold: 1f, title: "Leaky", width: 640, height: 480);
        AssertPng(path, 640, 480);
    }

    [TestMethod]
    public void MembraneTrace_DifferentTracesOrThreshold_GiveDifferentPixels()
    {
        const int T = 100, N = 2;
        float[] m = LeakyTraces(T, N);
        string a = Path.Combine(Dir, "a.png"), b = Path.Combine(Dir, "b.png"), c = Path.Combine(Dir, "c.png");

        // Neurons 0 and 1 charge at different speeds but span the same range, so the axes are identical.
        MembraneTracePlot.SavePng(a, m, T, N, [0]);
        MembraneTracePlot.SavePng(b, m, T, N, [1]);
        MembraneTracePlot.SavePng(c, m, T, N, [0], threshold: 0.5f);

        using SKBitmap ba = Decode(a), bb = Decode(b), bc = Decode(c);
        int traceDiff = CountDiffering(ba, bb);
        Assert.IsGreaterThan(500, traceDiff, $"two different traces differ in only {traceDiff} pixels");
        // A dashed line across the ~700-pixel-wide data area (plus a legend) changes hundreds of pixels.
        int thresholdDiff = CountDiffering(ba, bc);
        Assert.IsGreaterThan(300, thresholdDiff, $"the threshold line changed only {thresholdDiff} pixels");
    }

    [TestMethod]
    public void MembraneTrace_RejectsBadInput()
    {
        string p = Path.Combine(Dir, "x.png");
        var m = new float[12];
        var size = Assert.ThrowsExactly<ArgumentException>(() => MembraneTracePlot.SavePng(p, m, 5, 2));
        StringAssert.Contains(size.Message, "12");
        StringAssert.Contains(size.Message, "5 x 2 = 10");
        m[7] = float.NaN;
        var nan = Assert.ThrowsExactly<ArgumentException>(() => MembraneTracePlot.SavePng(p, m, 4, 3));
        StringAssert.Contains(nan.Message, "NaN at time step 2, neuron 1");
        var good = new float[12];
        var index = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => MembraneTracePlot.SavePng(p, good, 4, 3, [0, 3]));
        StringAssert.Contains(index.Message, "Neuron index 3 is outside [0, 3)");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => MembraneTracePlot.SavePng(p, good, 4, 3, [-1]));
        Assert.ThrowsExactly<ArgumentException>(() => MembraneTracePlot.SavePng(p, good, 4, 3, []));
        Assert.ThrowsExactly<ArgumentException>(() => MembraneTracePlot.SavePng(p, good, 4, 3, threshold: float.NaN));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => MembraneTracePlot.SavePng(p, good, 0, 3));
        Assert.IsFalse(File.Exists(p));
    }

    // ---- Population rate ----

    [TestMethod]
    public void PopulationRate_IsCausalMovingAverageOfFractionSpiking()
    {
        // 4 neurons; fractions per step: 0, 1/4, 1/2, 1, 0 (a graded value 0.3 still counts as a spike).
        float[] s =
        [
            0, 0, 0, 0,
            1, 0, 0, 0,
            0, 0.3f, 1, 0,
            1, 1, 1, 1,
            0, 0, 0, 0,
        ];
        CollectionAssert.AreEqual(new[] { 0, 0.25, 0.5, 1, 0 }, PopulationRatePlot.Rate(s, 5, 4, window: 1));
        double[] w2 = PopulationRatePlot.Rate(s, 5, 4, window: 2);
        double[] expected = [0, 0.125, 0.375, 0.75, 0.5];
        for (int t = 0; t < 5; t++)
        {
            Assert.AreEqual(expected[t], w2[t], 1e-12, $"step {t}");
        }
    }

    [TestMethod]
    public void PopulationRate_WritesPng_AndBurstIsDrawnWhereItHappens()
    {
        const int T = 200, N = 100;
        string quiet = Path.Combine(Dir, "quiet.png"), burst = Path.Combine(Dir, "burst.png");
        var spikes = new float[T * N];
        var rng = new Random(4);
        for (int i = 0; i < spikes.Length; i++)
        {
            // 2 % background, 40 % during steps 150..170: the burst lies in the right quarter.
            int t = i / N;
            spikes[i] = rng.NextDouble() < (t is >= 150 and < 170 ? 0.4 : 0.02) ? 1 : 0;
        }

        var background = (float[])spikes.Clone();
        for (int i = 150 * N; i < 170 * N; i++)
        {
            background[i] = rng.NextDouble() < 0.02 ? 1 : 0;
        }

        PopulationRatePlot.SavePng(quiet, background, T, N, window: 5, stepMilliseconds: 0.5f, width: 700, height: 500);
        PopulationRatePlot.SavePng(burst, spikes, T, N, window: 5, stepMilliseconds: 0.5f, width: 700, height: 500);
        AssertPng(burst, 700, 500);

        using SKBitmap a = Decode(quiet), b = Decode(burst);
        // The y axis rescales, so pixels change everywhere; the burst's peak must be tall and in the right half.
        int peakLeft = int.MaxValue, peakX = -1;
        for (int x = 0; x < b.Width; x++)
        {
            for (int y = 0; y < b.Height / 2; y++)
            {
                if (IsBluish(b.GetPixel(x, y)) && y < peakLeft)
                {
                    peakLeft = y;
                    peakX = x;
                }
            }
        }

        Assert.IsGreaterThan(b.Width / 2, peakX, $"the highest point of the rate line is at x = {peakX}");
        Assert.IsGreaterThan(0, CountDiffering(a, b));
    }

    [TestMethod]
    public void PopulationRate_RejectsBadInput()
    {
        string p = Path.Combine(Dir, "x.png");
        var s = new float[20];
        var size = Assert.ThrowsExactly<ArgumentException>(() => PopulationRatePlot.SavePng(p, s, 3, 6));
        StringAssert.Contains(size.Message, "3 x 6 = 18");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => PopulationRatePlot.SavePng(p, s, 5, 4, window: 0));
        var win = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => PopulationRatePlot.SavePng(p, s, 5, 4, window: 6));
        StringAssert.Contains(win.Message, "timeSteps = 5");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => PopulationRatePlot.SavePng(p, s, 5, 4, stepMilliseconds: 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => PopulationRatePlot.SavePng(p, s, 5, 4, stepMilliseconds: float.NaN));
        s[3] = float.PositiveInfinity;
        var inf = Assert.ThrowsExactly<ArgumentException>(() => PopulationRatePlot.SavePng(p, s, 5, 4));
        StringAssert.Contains(inf.Message, "infinite at time step 0, neuron 3");
        Assert.IsFalse(File.Exists(p));
    }

    // ---- Weight heatmap ----

    [TestMethod]
    public void WeightHeatmap_PositiveBlockIsRed_NegativeBlockIsBlue_RowZeroOnTop()
    {
        const int R = 20, C = 30, W = 800, H = 600;
        // Left columns excitatory (+1), right columns inhibitory (−2).
        var byColumn = new float[R * C];
        for (int i = 0; i < byColumn.Length; i++)
        {
            byColumn[i] = i % C < C / 2 ? 1f : -2f;
        }

        string path = Path.Combine(Dir, "columns.png");
        WeightHeatmapPlot.SavePng(path, byColumn, R, C, title: "W");
        AssertPng(path, W, H);
        using (SKBitmap bmp = Decode(path))
        {
            // The colour bar sits at the right edge, so only the data area's two halves are sampled.
            var (redLeft, blueLeft) = CountColours(bmp, W / 10, W * 3 / 10, H / 4, H * 3 / 4);
            var (redRight, blueRight) = CountColours(bmp, W * 5 / 10, W * 7 / 10, H / 4, H * 3 / 4);
            Assert.IsGreaterThan(0.9 * (W / 5) * (H / 2), redLeft, $"left half: {redLeft} red, {blueLeft} blue pixels");
            Assert.AreEqual(0, blueLeft, "left half");
            Assert.IsGreaterThan(0.9 * (W / 5) * (H / 2), blueRight, $"right half: {redRight} red, {blueRight} blue pixels");
            Assert.AreEqual(0, redRight, "right half");
        }

        // Rows 0..9 excitatory: row 0 is drawn at the top, like a matrix.
        var byRow = new float[R * C];
        for (int i = 0; i < byRow.Length; i++)
        {
            byRow[i] = i / C < R / 2 ? 0.5f : -0.5f;
        }

        string rowsPath = Path.Combine(Dir, "rows.png");
        WeightHeatmapPlot.SavePng(rowsPath, byRow, R, C);
        using SKBitmap rows = Decode(rowsPath);
        var (redTop, _) = CountColours(rows, W / 10, W * 6 / 10, H / 8, H * 3 / 8);
        var (_, blueBottom) = CountColours(rows, W / 10, W * 6 / 10, H * 5 / 8, H * 7 / 8);
        Assert.IsGreaterThan(0.9 * (W / 2) * (H / 4), redTop, "top rows should be red");
        Assert.IsGreaterThan(0.9 * (W / 2) * (H / 4), blueBottom, "bottom rows should be blue");
    }

    [TestMethod]
    public void WeightHeatmap_ZeroIsWhite_EvenWhenAllWeightsArePositive()
    {
        const int R = 2, C = 2;
        string path = Path.Combine(Dir, "zero.png");
        // Zeros on the diagonal next to positive weights: with a range centred at 0 they stay (near) white.
        WeightHeatmapPlot.SavePng(path, [0f, 3f, 3f, 0f], R, C);
        using SKBitmap bmp = Decode(path);
        var (red, blue) = CountColours(bmp, 100, 300, 150, 250); // top-left cell: weight 0
        Assert.AreEqual(0, blue);
        Assert.AreEqual(0, red);
        SKColor centre = bmp.GetPixel(200, 200);
        Assert.IsGreaterThan(200, Math.Min(centre.Red, Math.Min(centre.Green, centre.Blue)), $"zero cell is {centre}");
    }

    [TestMethod]
    public void WeightHeatmap_RejectsBadInput()
    {
        string p = Path.Combine(Dir, "x.png");
        var size = Assert.ThrowsExactly<ArgumentException>(() => WeightHeatmapPlot.SavePng(p, new float[7], 2, 3));
        StringAssert.Contains(size.Message, "rows x columns = 2 x 3 = 6");
        var w = new float[6];
        w[4] = float.NaN;
        var nan = Assert.ThrowsExactly<ArgumentException>(() => WeightHeatmapPlot.SavePng(p, w, 2, 3));
        StringAssert.Contains(nan.Message, "NaN at row 1, column 1");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => WeightHeatmapPlot.SavePng(p, new float[6], 2, 3, width: 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => WeightHeatmapPlot.SavePng(p, [], 0, 3));
        Assert.IsFalse(File.Exists(p));
    }

    // ---- helpers ----

    /// <summary>Neuron n charges towards 1 with time constant 5(n + 1) steps: same range, different shapes.</summary>
    private static float[] LeakyTraces(int timeSteps, int neurons)
    {
        var m = new float[timeSteps * neurons];
        for (int t = 0; t < timeSteps; t++)
        {
            for (int n = 0; n < neurons; n++)
            {
                m[t * neurons + n] = t == timeSteps - 1 ? 1f : 1f - MathF.Exp(-t / (5f * (n + 1)));
            }
        }

        return m;
    }

    private static bool IsReddish(SKColor c) => c.Red > c.Blue + 30 && c.Red > c.Green + 30;

    private static bool IsBluish(SKColor c) => c.Blue > c.Red + 30 && c.Blue > c.Green + 30;

    private static (int Red, int Blue) CountColours(SKBitmap bmp, int x0, int x1, int y0, int y1)
    {
        int red = 0, blue = 0;
        for (int y = y0; y < y1; y++)
        {
            for (int x = x0; x < x1; x++)
            {
                SKColor c = bmp.GetPixel(x, y);
                red += IsReddish(c) ? 1 : 0;
                blue += IsBluish(c) ? 1 : 0;
            }
        }

        return (red, blue);
    }

    private static void AssertPng(string path, int width, int height)
    {
        Assert.IsTrue(File.Exists(path), $"{path} was not written");
        byte[] bytes = File.ReadAllBytes(path);
        CollectionAssert.AreEqual(PngSignature, bytes[..8]);
        using SKBitmap bmp = Decode(path);
        Assert.AreEqual(width, bmp.Width);
        Assert.AreEqual(height, bmp.Height);
    }

    private static SKBitmap Decode(string path) =>
        SKBitmap.Decode(path) ?? throw new AssertFailedException($"{path} is not a decodable image");

    private static int CountDiffering(SKBitmap a, SKBitmap b)
    {
        Assert.AreEqual(a.Width, b.Width);
        Assert.AreEqual(a.Height, b.Height);
        int count = 0;
        for (int y = 0; y < a.Height; y++)
        {
            for (int x = 0; x < a.Width; x++)
            {
                count += a.GetPixel(x, y) != b.GetPixel(x, y) ? 1 : 0;
            }
        }

        return count;
    }
}
