using SkiaSharp;

namespace Synaptic.ML.Environments.Custom;

/// <summary>Draws on an off-screen Skia canvas and reads it back as an RGB <see cref="Frame"/>.</summary>
internal static class SkiaFrame
{
    /// <summary>Creates a <paramref name="width"/>×<paramref name="height"/> frame painted by <paramref name="draw"/>.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="background">Opaque fill drawn first, so alpha never leaks into the RGB bytes.</param>
    /// <param name="draw">Paints onto the canvas.</param>
    /// <returns>The frame.</returns>
    public static Frame Draw(int width, int height, SKColor background, Action<SKCanvas> draw)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(background.WithAlpha(255));
            draw(canvas);
            canvas.Flush();
        }
        var rgba = bitmap.GetPixelSpan();
        var rgb = new byte[width * height * 3];
        for (int p = 0, q = 0; q < rgb.Length; p += 4, q += 3)
        {
            rgb[q] = rgba[p];
            rgb[q + 1] = rgba[p + 1];
            rgb[q + 2] = rgba[p + 2];
        }
        return new Frame(width, height, rgb);
    }
}
