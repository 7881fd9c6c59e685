using SkiaSharp;

namespace Synaptic.ML.Environments;

/// <summary>Saves a <see cref="Frame"/> as a PNG image (via SkiaSharp).</summary>
public static class FramePng
{
    /// <summary>Writes <paramref name="frame"/> to <paramref name="path"/> as a PNG, creating the directory if missing.</summary>
    /// <param name="frame">The frame.</param>
    /// <param name="path">The file to write.</param>
    /// <example><code>env.Render().SavePng("cartpole.png");</code></example>
    public static void SavePng(this Frame frame, string path)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { Length: > 0 } directory)
            Directory.CreateDirectory(directory);

        using var bitmap = new SKBitmap(new SKImageInfo(frame.Width, frame.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        var rgb = frame.Rgb;
        for (int p = 0, q = 0; p < rgb.Length; p += 3, q += 4)
        {
            pixels[q] = rgb[p];
            pixels[q + 1] = rgb[p + 1];
            pixels[q + 2] = rgb[p + 2];
            pixels[q + 3] = 255;
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException($"SkiaSharp could not encode the {frame.Width}x{frame.Height} frame as PNG for '{full}'.");
        using var file = new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.None);
        data.SaveTo(file);
    }
}
