using SkiaSharp;

namespace Synaptic.ML.Data;

/// <summary>
/// Draws glyph outlines into a square 8-bit coverage bitmap with Skia: the one place the glyph set touches Skia's
/// raster. A glyph outline is given in unit coordinates (its bounding box centred on the origin, longer side 1);
/// a <see cref="GlyphJitter"/> places, turns, shears, bends and thickens it.
/// </summary>
internal sealed class GlyphRenderer : IDisposable
{
    /// <summary>Lines longer than this fraction of the image are cut into pieces so that the warp bends them.</summary>
    private const float MaxSegment = 1f / 8;

    private readonly SKBitmap _bitmap;
    private readonly SKCanvas _canvas;
    private readonly SKPaint _paint;
    private readonly SKPoint[] _points = new SKPoint[4];

    public GlyphRenderer(int size)
    {
        Size = size;
        _bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Alpha8, SKAlphaType.Premul));
        _canvas = new SKCanvas(_bitmap);
        _paint = new SKPaint
        {
            Color = SKColors.White,
            IsAntialias = true,
            StrokeJoin = SKStrokeJoin.Round,
            StrokeCap = SKStrokeCap.Round,
        };
    }

    /// <summary>The image height and width in pixels.</summary>
    public int Size { get; }

    /// <summary>Renders <paramref name="outline"/> with <paramref name="jitter"/>; the span is valid until the next call.</summary>
    /// <returns>The coverage of every pixel, row-major, 0 background to 255 full ink.</returns>
    public ReadOnlySpan<byte> Render(SKPath outline, in GlyphJitter jitter)
    {
        float s = Size;
        var matrix = SKMatrix.CreateScale(jitter.Extent * s, jitter.Extent * s)
            .PostConcat(SKMatrix.CreateSkew(jitter.Shear, 0))
            .PostConcat(SKMatrix.CreateRotationDegrees(jitter.RotationDegrees))
            .PostConcat(SKMatrix.CreateTranslation(s / 2 + jitter.ShiftX * s, s / 2 + jitter.ShiftY * s));
        using var path = Warp(outline, matrix, jitter);

        _canvas.Clear(SKColors.Transparent);
        float stroke = jitter.StrokeWidth * s;
        _paint.Style = stroke > 0 ? SKPaintStyle.StrokeAndFill : SKPaintStyle.Fill;
        _paint.StrokeWidth = stroke;
        _canvas.DrawPath(path, _paint);
        _canvas.Flush();
        return _bitmap.GetPixelSpan();
    }

    public void Dispose()
    {
        _paint.Dispose();
        _canvas.Dispose();
        _bitmap.Dispose();
    }

    /// <summary>Maps every point of the outline through the matrix and then the smooth displacement of the jitter.</summary>
    private SKPath Warp(SKPath outline, SKMatrix matrix, in GlyphJitter jitter)
    {
        var result = new SKPath { FillType = outline.FillType };
        float s = Size;
        SKPoint last = default;
        using var iterator = outline.CreateRawIterator();
        SKPathVerb verb;
        while ((verb = iterator.Next(_points)) != SKPathVerb.Done)
        {
            switch (verb)
            {
                case SKPathVerb.Move:
                    last = matrix.MapPoint(_points[0]);
                    result.MoveTo(jitter.Displace(last, s));
                    break;
                case SKPathVerb.Line:
                    var end = matrix.MapPoint(_points[1]);
                    int pieces = Math.Max(1, (int)MathF.Ceiling(SKPoint.Distance(last, end) / (MaxSegment * s)));
                    for (int i = 1; i <= pieces; i++)
                    {
                        float t = (float)i / pieces;
                        result.LineTo(jitter.Displace(new SKPoint(last.X + (end.X - last.X) * t, last.Y + (end.Y - last.Y) * t), s));
                    }

                    last = end;
                    break;
                case SKPathVerb.Quad:
                    last = matrix.MapPoint(_points[2]);
                    result.QuadTo(jitter.Displace(matrix.MapPoint(_points[1]), s), jitter.Displace(last, s));
                    break;
                case SKPathVerb.Conic:
                    last = matrix.MapPoint(_points[2]);
                    result.ConicTo(jitter.Displace(matrix.MapPoint(_points[1]), s), jitter.Displace(last, s), iterator.ConicWeight());
                    break;
                case SKPathVerb.Cubic:
                    last = matrix.MapPoint(_points[3]);
                    result.CubicTo(
                        jitter.Displace(matrix.MapPoint(_points[1]), s), jitter.Displace(matrix.MapPoint(_points[2]), s), jitter.Displace(last, s));
                    break;
                case SKPathVerb.Close:
                    result.Close();
                    break;
            }
        }

        return result;
    }
}
