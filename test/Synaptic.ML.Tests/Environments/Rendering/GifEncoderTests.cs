using SkiaSharp;
using Synaptic.ML.Environments;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Tests.Environments.Rendering;

[TestClass]
public sealed class GifEncoderTests : TempDirectoryTest
{
    /// <summary>Index of the colour of <paramref name="table"/> nearest to (r, g, b) by brute force, lowest index on ties.</summary>
    private static int BruteForceNearest(byte[] table, int r, int g, int b)
    {
        int best = 0, bestDistance = int.MaxValue;
        for (var i = 0; i < table.Length / 3; i++)
        {
            int dr = r - table[3 * i], dg = g - table[3 * i + 1], db = b - table[3 * i + 2];
            var distance = dr * dr + dg * dg + db * db;
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = i;
            }
        }
        return best;
    }

    private static byte[] NoiseRgb(int width, int height, ulong seed)
    {
        var random = new SplitMix64(seed);
        var rgb = new byte[width * height * 3];
        for (var i = 0; i < rgb.Length; i++)
            rgb[i] = (byte)random.NextInt(256);
        return rgb;
    }

    private static byte[] GradientRgb(int width, int height)
    {
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = 3 * (y * width + x);
                rgb[p] = (byte)(255 * x / Math.Max(1, width - 1));
                rgb[p + 1] = (byte)(255 * y / Math.Max(1, height - 1));
                rgb[p + 2] = 128;
            }
        }
        return rgb;
    }

    private byte[] Encode(string name, int width, int height, params (byte[] Rgb, int Delay)[] frames)
    {
        var path = Path.Combine(Dir, name);
        using (var gif = GifEncoder.Create(path, width, height))
        {
            foreach (var (rgb, delay) in frames)
                gif.AddFrame(rgb, delay);
            Assert.AreEqual(frames.Length, gif.FrameCount);
        }
        return File.ReadAllBytes(path);
    }

    [TestMethod]
    public void Gif_HasHeaderPaletteLoopAndFrames_AndLzwDecodesToNearestPaletteIndices()
    {
        const int width = 37, height = 23;
        (byte[] Rgb, int Delay)[] frames = [(NoiseRgb(width, height, 1), 4), (GradientRgb(width, height), 7), (new byte[width * height * 3], 300)];
        var gif = GifTestDecoder.Read(Encode("three.gif", width, height, frames));

        Assert.AreEqual("GIF89a", gif.Signature);
        Assert.AreEqual(width, gif.Width);
        Assert.AreEqual(height, gif.Height);
        Assert.AreEqual(768, gif.GlobalColorTable.Length);
        CollectionAssert.AreEqual(GifPalette.Rgb.ToArray(), gif.GlobalColorTable);
        Assert.AreEqual(256, Enumerable.Range(0, 256).Select(i => (gif.GlobalColorTable[3 * i], gif.GlobalColorTable[3 * i + 1], gif.GlobalColorTable[3 * i + 2])).Distinct().Count(), "256 distinct colours");
        Assert.AreEqual(0, gif.LoopCount, "NETSCAPE2.0 loop count 0 = forever");
        Assert.IsTrue(gif.HasTrailer);
        Assert.HasCount(3, gif.Images);
        for (var f = 0; f < frames.Length; f++)
        {
            var image = gif.Images[f];
            Assert.AreEqual(frames[f].Delay, image.DelayCentiseconds, $"frame {f} delay");
            Assert.AreEqual(width, image.Width);
            var rgb = frames[f].Rgb;
            for (var p = 0; p < width * height; p++)
                Assert.AreEqual(BruteForceNearest(gif.GlobalColorTable, rgb[3 * p], rgb[3 * p + 1], rgb[3 * p + 2]), image.Indices[p], $"frame {f}, pixel {p}");
        }
    }

    [TestMethod]
    public void Lzw_RoundTrips_ThroughTableResetsAndLongRuns()
    {
        // Noise fills the 4096-code table many times over; a flat frame makes very long strings;
        // a 1x1 frame is the shortest stream.
        foreach (var (width, height, rgb) in new[] { (320, 200, NoiseRgb(320, 200, 2)), (300, 300, new byte[300 * 300 * 3]), (1, 1, new byte[] { 10, 200, 30 }), (640, 3, GradientRgb(640, 3)) })
        {
            var gif = GifTestDecoder.Read(Encode($"lzw-{width}x{height}.gif", width, height, (rgb, 2)));
            var expected = new byte[width * height];
            GifPalette.Map(rgb, expected);
            CollectionAssert.AreEqual(expected, gif.Images.Single().Indices, $"{width}x{height}");
        }
    }

    [TestMethod]
    public void SkiaSharp_DecodesEveryFrame_WithItsDelayAndPaletteColours()
    {
        const int width = 160, height = 120; // noise this large restarts the LZW table several times
        (byte[] Rgb, int Delay)[] frames = [(GradientRgb(width, height), 5), (NoiseRgb(width, height, 3), 10), (NoiseRgb(width, height, 4), 20)];
        var path = Path.Combine(Dir, "skia.gif");
        File.WriteAllBytes(path, Encode("skia.gif", width, height, frames));

        using var codec = SKCodec.Create(path) ?? throw new AssertFailedException("SkiaSharp cannot open the GIF");
        Assert.AreEqual(SKEncodedImageFormat.Gif, codec.EncodedFormat);
        Assert.AreEqual(frames.Length, codec.FrameCount);
        Assert.AreEqual(-1, codec.RepetitionCount, "infinite loop");
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        for (var f = 0; f < frames.Length; f++)
        {
            Assert.AreEqual(frames[f].Delay * 10, codec.FrameInfo[f].Duration, $"frame {f} duration (ms)");
            using var bitmap = new SKBitmap(info);
            Assert.AreEqual(SKCodecResult.Success, codec.GetPixels(info, bitmap.GetPixels(), new SKCodecOptions(f)), $"frame {f}");
            var pixels = bitmap.GetPixelSpan();
            var palette = GifPalette.Rgb;
            for (var p = 0; p < width * height; p++)
            {
                var index = GifPalette.Nearest(frames[f].Rgb[3 * p], frames[f].Rgb[3 * p + 1], frames[f].Rgb[3 * p + 2]);
                for (var c = 0; c < 3; c++)
                    Assert.AreEqual(palette[3 * index + c], pixels[4 * p + c], $"frame {f}, pixel {p}, channel {c}");
            }
        }
    }

    [TestMethod]
    public void Palette_NearestEqualsBruteForce()
    {
        var table = GifPalette.Rgb.ToArray();
        var random = new SplitMix64(5);
        for (var k = 0; k < 100_000; k++)
        {
            int r = random.NextInt(256), g = random.NextInt(256), b = random.NextInt(256);
            Assert.AreEqual(BruteForceNearest(table, r, g, b), GifPalette.Nearest((byte)r, (byte)g, (byte)b), $"({r}, {g}, {b})");
        }
        // Greys and the green tie points (equidistant from two levels) exercise the tie rule.
        for (var v = 0; v < 256; v++)
        {
            Assert.AreEqual(BruteForceNearest(table, v, v, v), GifPalette.Nearest((byte)v, (byte)v, (byte)v), $"grey {v}");
            Assert.AreEqual(BruteForceNearest(table, 0, v, 255), GifPalette.Nearest(0, (byte)v, 255), $"green {v}");
        }
    }

    [TestMethod]
    public void AddFrame_RefusesWrongSizeAndDelay_NamingThem()
    {
        using var gif = new GifEncoder(new MemoryStream(), 4, 3);
        StringAssert.Contains(Assert.Throws<ArgumentException>(() => gif.AddFrame(new Frame(3, 3, new byte[27]), 5)).Message, "3x3");
        StringAssert.Contains(Assert.Throws<ArgumentException>(() => gif.AddFrame(new byte[35], 5)).Message, "36 RGB bytes");
        Assert.Throws<ArgumentOutOfRangeException>(() => gif.AddFrame(new byte[36], -1));
    }

    [TestMethod]
    public void FramePng_SavesExactPixels()
    {
        const int width = 7, height = 5;
        var rgb = NoiseRgb(width, height, 6);
        var path = Path.Combine(Dir, "sub", "frame.png");
        new Frame(width, height, rgb).SavePng(path);

        using var bitmap = SKBitmap.Decode(path) ?? throw new AssertFailedException("the PNG does not decode");
        Assert.AreEqual(width, bitmap.Width);
        Assert.AreEqual(height, bitmap.Height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = 3 * (y * width + x);
                Assert.AreEqual(new SKColor(rgb[p], rgb[p + 1], rgb[p + 2]), bitmap.GetPixel(x, y), $"pixel ({x}, {y})");
            }
        }
    }
}
