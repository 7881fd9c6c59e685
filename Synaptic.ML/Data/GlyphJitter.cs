using SkiaSharp;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Data;

/// <summary>The random distortion of one rendering: an affine placement plus a smooth elastic warp and a pen width.</summary>
internal readonly struct GlyphJitter
{
    private const int Waves = 2;
    private readonly float _warp;
    private readonly float[] _waves;

    private GlyphJitter(float extent, float rotation, float shear, float shiftX, float shiftY, float strokeWidth, float warp, float[] waves)
    {
        Extent = extent;
        RotationDegrees = rotation;
        Shear = shear;
        ShiftX = shiftX;
        ShiftY = shiftY;
        StrokeWidth = strokeWidth;
        _warp = warp;
        _waves = waves;
    }

    /// <summary>Longer side of the glyph box as a fraction of the image.</summary>
    public float Extent { get; }

    public float RotationDegrees { get; }

    public float Shear { get; }

    /// <summary>Shift of the centre as a fraction of the image.</summary>
    public float ShiftX { get; }

    public float ShiftY { get; }

    /// <summary>Pen width as a fraction of the image.</summary>
    public float StrokeWidth { get; }

    /// <summary>The undistorted rendering: centred, upright, with a fixed pen.</summary>
    public static GlyphJitter None(float extent, float strokeWidth) => new(extent, 0, 0, 0, 0, strokeWidth, 0, []);

    /// <summary>Draws a distortion from <paramref name="random"/> within the ranges of <paramref name="options"/>.</summary>
    public static GlyphJitter Draw(GlyphSetOptions options, ref SplitMix64 random)
    {
        float rotation = Symmetric(ref random, options.MaxRotationDegrees);
        float scale = 1 + Symmetric(ref random, options.MaxScaleChange);
        float shear = Symmetric(ref random, options.MaxShear);
        float shiftX = Symmetric(ref random, options.MaxTranslation);
        float shiftY = Symmetric(ref random, options.MaxTranslation);
        float stroke = options.MinStrokeWidth + random.NextSingle() * (options.MaxStrokeWidth - options.MinStrokeWidth);

        // Per axis, per wave: amplitude weight, two frequencies (cycles per image) and a phase.
        var waves = new float[2 * Waves * 4];
        for (int i = 0; i < waves.Length; i += 4)
        {
            waves[i] = Symmetric(ref random, 1f / Waves);
            waves[i + 1] = Symmetric(ref random, 1.5f) * 2 * MathF.PI;
            waves[i + 2] = Symmetric(ref random, 1.5f) * 2 * MathF.PI;
            waves[i + 3] = random.NextSingle() * 2 * MathF.PI;
        }

        return new(options.GlyphExtent * scale, rotation, shear, shiftX, shiftY, stroke, options.MaxWarp, waves);
    }

    /// <summary>The point moved by the smooth displacement field; at most <c>MaxWarp × size</c> on each axis.</summary>
    public SKPoint Displace(SKPoint point, float size)
    {
        if (_warp == 0)
        {
            return point;
        }

        float u = point.X / size, v = point.Y / size;
        float dx = 0, dy = 0;
        for (int w = 0; w < Waves; w++)
        {
            dx += Wave(4 * w, u, v);
            dy += Wave(4 * (Waves + w), u, v);
        }

        return new SKPoint(point.X + _warp * size * dx, point.Y + _warp * size * dy);
    }

    private float Wave(int at, float u, float v) => _waves[at] * MathF.Sin(_waves[at + 1] * u + _waves[at + 2] * v + _waves[at + 3]);

    private static float Symmetric(ref SplitMix64 random, float max) => (2 * random.NextSingle() - 1) * max;
}
