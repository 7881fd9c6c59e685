using System.Globalization;
using System.Numerics.Tensors;
using SkiaSharp;

namespace Synaptic.ML.Data;

/// <summary>One character of the glyph set: its alphabet, code point and outline in unit coordinates.</summary>
internal sealed class GlyphCharacter(GlyphAlphabet alphabet, int codePoint, SKPath outline) : IDisposable
{
    public GlyphAlphabet Alphabet { get; } = alphabet;

    public int CodePoint { get; } = codePoint;

    /// <summary>The outline with its bounding box centred on the origin and its longer side 1.</summary>
    public SKPath Outline { get; } = outline;

    /// <summary>The class name, e.g. "Armenian/U+0531".</summary>
    public string ClassName => string.Create(CultureInfo.InvariantCulture, $"{Alphabet.Name}/U+{CodePoint:X4}");

    public void Dispose() => Outline.Dispose();
}

/// <summary>
/// Chooses the characters of the glyph set: the letters of each alphabet's block that its font has, minus blank
/// ones and ones that look like a character already chosen, then at most <see cref="GlyphSetOptions.MaxClassesPerAlphabet"/>
/// evenly spaced through the block.
/// </summary>
/// <remarks>
/// Blank and duplicate checks compare a fixed plain rendering (32×32, centred, upright), so the choice depends only
/// on the fonts, the alphabets and <see cref="GlyphSetOptions.MaxClassesPerAlphabet"/>, not on the image size or the
/// jitter. Two characters are duplicates when the cosine similarity of their plain renderings reaches
/// <see cref="DuplicateSimilarity"/> — Latin A and Cyrillic А, for instance — so a look-alike never sits on both
/// sides of an alphabet split.
/// </remarks>
internal static class GlyphCharacters
{
    /// <summary>Cosine similarity of plain renderings from which two characters count as the same.</summary>
    public const float DuplicateSimilarity = 0.95f;

    private const int PlainSize = 32;
    private const float PlainExtent = 0.7f;
    private const float PlainStroke = 0.04f;

    /// <summary>Glyph outlines are read at this size, in pixels, before being scaled to unit size.</summary>
    private const float OutlineSize = 256;

    /// <summary>A plain rendering with less ink than this many fully covered pixels is blank.</summary>
    private const int MinInkPixels = 4;

    /// <summary>The font file of an alphabet: its <see cref="GlyphAlphabet.FontFile"/>, in the font directory unless rooted.</summary>
    public static string FontPath(GlyphSetOptions options, GlyphAlphabet alphabet) =>
        Path.GetFullPath(Path.IsPathRooted(alphabet.FontFile) ? alphabet.FontFile : Path.Combine(options.FontDirectory, alphabet.FontFile));

    /// <summary>Throws a <see cref="FileNotFoundException"/> naming the font and its package if a font file is missing.</summary>
    public static void EnsureFontsExist(GlyphSetOptions options)
    {
        foreach (var alphabet in options.Alphabets)
        {
            string path = FontPath(options, alphabet);
            if (!File.Exists(path))
            {
                string advice = path.StartsWith(GlyphAlphabet.NotoDirectory + "/", StringComparison.Ordinal)
                    ? " It comes with the Debian package 'fonts-noto-core': install it with 'apt-get install fonts-noto-core'."
                    : $" Put the font there, or set {nameof(GlyphSetOptions)}.{nameof(GlyphSetOptions.FontDirectory)} to the folder that holds it.";
                throw new FileNotFoundException($"Font file not found for glyph alphabet '{alphabet.Name}': '{path}'.{advice}", path);
            }
        }
    }

    /// <summary>The characters of every alphabet, in alphabet order and then code point order.</summary>
    /// <exception cref="InvalidDataException">A font cannot be read, or an alphabet has no usable letter.</exception>
    public static List<GlyphCharacter> Select(GlyphSetOptions options)
    {
        var chosen = new List<GlyphCharacter>();
        var chosenPlain = new List<float[]>();
        using var renderer = new GlyphRenderer(PlainSize);
        try
        {
            foreach (var alphabet in options.Alphabets)
            {
                var candidates = Candidates(options, alphabet, renderer, chosenPlain);
                // Evenly spaced through the block: candidate ⌊j·n/take⌋ for j = 0 … take − 1.
                int take = Math.Min(options.MaxClassesPerAlphabet, candidates.Count);
                var picks = Enumerable.Range(0, take).Select(j => (int)((long)j * candidates.Count / take)).ToHashSet();
                for (int i = 0; i < candidates.Count; i++)
                {
                    if (picks.Contains(i))
                    {
                        chosen.Add(candidates[i].Character);
                        chosenPlain.Add(candidates[i].Plain);
                    }
                    else
                    {
                        candidates[i].Character.Dispose();
                    }
                }
            }
        }
        catch
        {
            // The outlines hold native memory; the caller never sees this list.
            chosen.ForEach(c => c.Dispose());
            throw;
        }

        return chosen;
    }

    private static List<(GlyphCharacter Character, float[] Plain)> Candidates(
        GlyphSetOptions options, GlyphAlphabet alphabet, GlyphRenderer renderer, List<float[]> chosenPlain)
    {
        string path = FontPath(options, alphabet);
        using var typeface = SKTypeface.FromFile(path)
            ?? throw new InvalidDataException($"Font file '{path}' of glyph alphabet '{alphabet.Name}' is not a font Skia can read.");
        using var font = new SKFont(typeface, OutlineSize) { Hinting = SKFontHinting.None, Subpixel = true, LinearMetrics = true };
        var plain = GlyphJitter.None(PlainExtent, PlainStroke);
        var found = new List<(GlyphCharacter, float[])>();
        for (int codePoint = alphabet.FirstCodePoint; codePoint <= alphabet.LastCodePoint; codePoint++)
        {
            if (codePoint is >= 0xD800 and <= 0xDFFF || !IsLetter(codePoint))
            {
                continue;
            }

            ushort glyph = typeface.GetGlyph(codePoint);
            if (glyph == 0)
            {
                continue;
            }

            SKPath? outline = UnitOutline(font, glyph);
            if (outline is null)
            {
                continue;
            }

            var character = new GlyphCharacter(alphabet, codePoint, outline);
            float[] rendering = Normalized(renderer.Render(outline, plain));
            if (rendering.Length == 0 || LooksLikeAny(rendering, found.Select(f => f.Item2)) || LooksLikeAny(rendering, chosenPlain))
            {
                character.Dispose();
                continue;
            }

            found.Add((character, rendering));
        }

        if (found.Count == 0)
        {
            throw new InvalidDataException(
                $"Glyph alphabet '{alphabet.Name}' has no usable letter: font '{path}' draws none of U+{alphabet.FirstCodePoint:X4}–U+{alphabet.LastCodePoint:X4} "
                + "that is not blank or a look-alike of a character already chosen.");
        }

        return found;
    }

    private static bool IsLetter(int codePoint) => CharUnicodeInfo.GetUnicodeCategory(codePoint) is
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or UnicodeCategory.OtherLetter;

    /// <summary>The glyph's outline scaled so that its bounding box is centred on the origin with longer side 1; null if empty.</summary>
    private static SKPath? UnitOutline(SKFont font, ushort glyph)
    {
        var path = font.GetGlyphPath(glyph);
        if (path is null)
        {
            return null;
        }

        var bounds = path.TightBounds;
        float extent = Math.Max(bounds.Width, bounds.Height);
        if (path.IsEmpty || !(extent > 0))
        {
            path.Dispose();
            return null;
        }

        path.Transform(SKMatrix.CreateTranslation(-bounds.MidX, -bounds.MidY).PostConcat(SKMatrix.CreateScale(1 / extent, 1 / extent)));
        return path;
    }

    /// <summary>The rendering as a unit vector, or empty when it is blank.</summary>
    private static float[] Normalized(ReadOnlySpan<byte> coverage)
    {
        var values = new float[coverage.Length];
        int ink = 0;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = coverage[i];
            ink += coverage[i];
        }

        if (ink < MinInkPixels * 255)
        {
            return [];
        }

        TensorPrimitives.Divide(values, TensorPrimitives.Norm(values), values);
        return values;
    }

    private static bool LooksLikeAny(float[] rendering, IEnumerable<float[]> others)
    {
        foreach (float[] other in others)
        {
            if (TensorPrimitives.Dot(rendering, other) >= DuplicateSimilarity)
            {
                return true;
            }
        }

        return false;
    }
}
