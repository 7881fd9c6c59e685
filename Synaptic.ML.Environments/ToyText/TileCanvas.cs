using SkiaSharp;

namespace Synaptic.ML.Environments.ToyText;

/// <summary>
/// Off-screen Skia drawing surface for the grid-world renderers: coloured tiles, outlines and
/// discs, read back as an RGB <see cref="Frame"/>. No display or image files are needed.
/// </summary>
internal sealed class TileCanvas : IDisposable
{
    private readonly SKBitmap _bitmap;
    private readonly SKCanvas _canvas;
    private readonly SKPaint _paint = new() { IsAntialias = true };

    public TileCanvas(int width, int height, SKColor background)
    {
        _bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        _canvas = new SKCanvas(_bitmap);
        _canvas.Clear(background);
    }

    /// <summary>Fills the rectangle at (<paramref name="x"/>, <paramref name="y"/>) of the given size.</summary>
    public void Fill(float x, float y, float width, float height, SKColor color)
    {
        _paint.Style = SKPaintStyle.Fill;
        _paint.Color = color;
        _canvas.DrawRect(SKRect.Create(x, y, width, height), _paint);
    }

    /// <summary>Outlines the rectangle with a stroke of <paramref name="stroke"/> pixels drawn inside it.</summary>
    public void Outline(float x, float y, float width, float height, SKColor color, float stroke)
    {
        _paint.Style = SKPaintStyle.Stroke;
        _paint.StrokeWidth = stroke;
        _paint.Color = color;
        var half = stroke / 2;
        _canvas.DrawRect(SKRect.Create(x + half, y + half, width - stroke, height - stroke), _paint);
    }

    /// <summary>Fills a disc centred at (<paramref name="cx"/>, <paramref name="cy"/>).</summary>
    public void Disc(float cx, float cy, float radius, SKColor color)
    {
        _paint.Style = SKPaintStyle.Fill;
        _paint.Color = color;
        _canvas.DrawCircle(cx, cy, radius, _paint);
    }

    /// <summary>The pixels drawn so far as an RGB frame.</summary>
    public Frame ToFrame()
    {
        _canvas.Flush();
        return SkiaFrames.ToFrame(_bitmap);
    }

    public void Dispose()
    {
        _paint.Dispose();
        _canvas.Dispose();
        _bitmap.Dispose();
    }
}
