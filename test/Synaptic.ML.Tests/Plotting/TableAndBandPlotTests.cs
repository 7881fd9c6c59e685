using SkiaSharp;
using Synaptic.ML.Plotting;

namespace Synaptic.ML.Tests.Plotting;

/// <summary>The Q-table heatmap (viridis over the table's range, row 0 on top) and the line-and-band plot.</summary>
[TestClass]
public sealed class TableAndBandPlotTests : TempDirectoryTest
{
    [TestMethod]
    public void TableHeatmap_HighRowsOnTopAreYellow_LowRowsBelowArePurple()
    {
        const int Rows = 20, Columns = 6, W = 600, H = 800;
        // Every value negative, as Taxi's: the colours span the table's own range, not one centred on 0.
        var values = new float[Rows * Columns];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = i / Columns < Rows / 2 ? -1f : -9f;
        }

        string path = Path.Combine(Dir, "nested", "q.png");
        TableHeatmapPlot.SavePng(path, values, Rows, Columns, "Q", "State", "Action", "Q(s, a)", W, H);

        using SKBitmap bmp = SKBitmap.Decode(path);
        Assert.AreEqual(W, bmp.Width);
        Assert.AreEqual(H, bmp.Height);
        // Viridis ends: yellow (253, 231, 37) at the maximum, dark purple (68, 1, 84) at the minimum.
        int yellowTop = Count(bmp, W / 5, W * 3 / 5, H / 6, H * 2 / 6, c => c.Red > 200 && c.Green > 200 && c.Blue < 100);
        int purpleBottom = Count(bmp, W / 5, W * 3 / 5, H * 4 / 6, H * 5 / 6, c => c.Red < 100 && c.Green < 30 && c.Blue > 60);
        int area = (W * 2 / 5) * (H / 6);
        Assert.IsGreaterThan(0.9 * area, yellowTop, "top rows (the higher values) should be yellow");
        Assert.IsGreaterThan(0.9 * area, purpleBottom, "bottom rows (the lower values) should be purple");
    }

    [TestMethod]
    public void TableHeatmap_ANaNIsNamedByItsCell()
    {
        var values = new float[12];
        values[7] = float.NaN;
        var ex = Assert.ThrowsExactly<ArgumentException>(() => TableHeatmapPlot.SavePng(Path.Combine(Dir, "x.png"), values, 4, 3));
        StringAssert.Contains(ex.Message, "row 2, column 1");
    }

    [TestMethod]
    public void BandPlot_DrawsTheBandBetweenItsEdges()
    {
        double[] x = [0, 1, 2, 3];
        string path = Path.Combine(Dir, "band.png");
        string lineOnly = Path.Combine(Dir, "line.png");
        BandPlot.SavePng(path, [new BandSeries("a", x, [1, 2, 3, 4], [0, 0, 0, 0], [5, 5, 5, 5])], width: 400, height: 300);
        BandPlot.SavePng(lineOnly, [new BandSeries("a", x, [1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4])], width: 400, height: 300);

        using SKBitmap band = SKBitmap.Decode(path);
        using SKBitmap line = SKBitmap.Decode(lineOnly);
        Assert.AreEqual(400, band.Width);
        // The translucent band tints the white background over much of the data area.
        int tintedBand = Count(band, 80, 360, 40, 240, c => c.Red < 240 && c.Blue > c.Red);
        int tintedLine = Count(line, 80, 360, 40, 240, c => c.Red < 240 && c.Blue > c.Red);
        Assert.IsGreaterThan(tintedLine + 5_000, tintedBand, $"band {tintedBand} tinted pixels, line alone {tintedLine}");
    }

    [TestMethod]
    public void BandPlot_ALowerEdgeAboveTheUpperIsNamed()
    {
        var ex = Assert.ThrowsExactly<ArgumentException>(() =>
            BandPlot.SavePng(Path.Combine(Dir, "x.png"), [new BandSeries("seeds", [0, 1], [1, 1], [0, 2], [2, 1.5])]));
        StringAssert.Contains(ex.Message, "'seeds'");
        StringAssert.Contains(ex.Message, "Lower[1]");
    }

    private static int Count(SKBitmap bmp, int x0, int x1, int y0, int y1, Func<SKColor, bool> match)
    {
        int count = 0;
        for (int y = y0; y < y1; y++)
        {
            for (int x = x0; x < x1; x++)
            {
                if (match(bmp.GetPixel(x, y)))
                {
                    count++;
                }
            }
        }

        return count;
    }
}
