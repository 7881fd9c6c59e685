using SkiaSharp;

namespace Synaptic.ML.Environments;

/// <summary>The one place where a Skia bitmap becomes an RGB <see cref="Frame"/>, for every environment's renderer.</summary>
internal static class SkiaFrames
{
    /// <summary>A bitmap of the layout <see cref="ToFrame"/> reads: RGBA, 8 bits per channel.</summary>
    public static SKBitmap CreateBitmap(int width, int height) =>
        new(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));

    /// <summary>Copies the RGB channels of an RGBA bitmap (drawn over an opaque background) into a frame.</summary>
    public static Frame ToFrame(SKBitmap bitmap)
    {
        var rgba = bitmap.GetPixelSpan();
        var rgb = new byte[bitmap.Width * bitmap.Height * 3];
        for (int p = 0, q = 0; q < rgb.Length; p += 4, q += 3)
        {
            rgb[q] = rgba[p];
            rgb[q + 1] = rgba[p + 1];
            rgb[q + 2] = rgba[p + 2];
        }
        return new Frame(bitmap.Width, bitmap.Height, rgb);
    }

    /// <summary>Creates a frame painted by <paramref name="draw"/> over an opaque <paramref name="background"/>.</summary>
    public static Frame Draw(int width, int height, SKColor background, Action<SKCanvas> draw)
    {
        using var bitmap = CreateBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(background.WithAlpha(255));
            draw(canvas);
            canvas.Flush();
        }
        return ToFrame(bitmap);
    }
}
