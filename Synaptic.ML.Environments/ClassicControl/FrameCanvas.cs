using SkiaSharp;

namespace Synaptic.ML.Environments.ClassicControl;

/// <summary>
/// An off-screen white canvas with the y axis pointing up, as Gymnasium's classic-control renderers
/// draw with pygame before flipping the surface vertically; <see cref="ToFrame"/> reads it back as RGB.
/// </summary>
internal sealed class FrameCanvas : IDisposable
{
    private readonly SKBitmap _bitmap;
    private readonly SKCanvas _canvas;
    private readonly SKPaint _fill = new() { IsAntialias = true, Style = SKPaintStyle.Fill };
    private readonly SKPaint _stroke = new() { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 1 };

    public FrameCanvas(int width, int height)
    {
        _bitmap = SkiaFrames.CreateBitmap(width, height);
        _canvas = new SKCanvas(_bitmap);
        _canvas.Clear(SKColors.White);
        // pygame draws with y down and Gymnasium flips the result, so its coordinates are y up.
        _canvas.Translate(0, height);
        _canvas.Scale(1, -1);
    }

    public int Width => _bitmap.Width;

    public int Height => _bitmap.Height;

    /// <summary>A filled polygon through <paramref name="points"/>.</summary>
    public void Polygon(ReadOnlySpan<(double X, double Y)> points, SKColor color)
    {
        using var path = new SKPath();
        path.MoveTo((float)points[0].X, (float)points[0].Y);
        for (var i = 1; i < points.Length; i++)
            path.LineTo((float)points[i].X, (float)points[i].Y);
        path.Close();
        _fill.Color = color;
        _canvas.DrawPath(path, _fill);
    }

    /// <summary>The rectangle [left, right] × [bottom, top] rotated by <paramref name="angle"/> (counter-clockwise) about the origin, then moved by (dx, dy).</summary>
    public void RotatedRectangle(double left, double right, double top, double bottom, double angle, double dx, double dy, SKColor color)
    {
        Span<(double X, double Y)> corners = [(left, bottom), (left, top), (right, top), (right, bottom)];
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        for (var i = 0; i < corners.Length; i++)
        {
            var (x, y) = corners[i];
            corners[i] = (x * cos - y * sin + dx, x * sin + y * cos + dy);
        }
        Polygon(corners, color);
    }

    /// <summary>A filled circle.</summary>
    public void Circle(double x, double y, double radius, SKColor color)
    {
        _fill.Color = color;
        _canvas.DrawCircle((float)x, (float)y, (float)radius, _fill);
    }

    /// <summary>A one-pixel line.</summary>
    public void Line(double x0, double y0, double x1, double y1, SKColor color)
    {
        _stroke.Color = color;
        _canvas.DrawLine((float)x0, (float)y0, (float)x1, (float)y1, _stroke);
    }

    /// <summary>An open one-pixel polyline.</summary>
    public void Polyline(ReadOnlySpan<(double X, double Y)> points, SKColor color)
    {
        for (var i = 1; i < points.Length; i++)
            Line(points[i - 1].X, points[i - 1].Y, points[i].X, points[i].Y, color);
    }

    /// <summary>A stroked circular arc, angles in radians counter-clockwise from +x.</summary>
    public void Arc(double x, double y, double radius, double startAngle, double sweepAngle, float width, SKColor color)
    {
        _stroke.Color = color;
        _stroke.StrokeWidth = width;
        var box = new SKRect((float)(x - radius), (float)(y - radius), (float)(x + radius), (float)(y + radius));
        _canvas.DrawArc(box, (float)(startAngle * 180 / Math.PI), (float)(sweepAngle * 180 / Math.PI), false, _stroke);
        _stroke.StrokeWidth = 1;
    }

    /// <summary>The pixels drawn so far, as an RGB frame.</summary>
    public Frame ToFrame()
    {
        _canvas.Flush();
        return SkiaFrames.ToFrame(_bitmap);
    }

    public void Dispose()
    {
        _fill.Dispose();
        _stroke.Dispose();
        _canvas.Dispose();
        _bitmap.Dispose();
    }
}
