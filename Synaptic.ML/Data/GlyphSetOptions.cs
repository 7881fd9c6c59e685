namespace Synaptic.ML.Data;

/// <summary>
/// Options of the generated Omniglot-style glyph set (<see cref="GlyphSet.Generate"/>). The defaults give the
/// standard set; every option takes part in the cache key, so a changed option means a new set.
/// </summary>
/// <example>
/// <code>
/// // A small, quick set for tests: 4 alphabets, 16×16 images, 10 renderings per character.
/// var small = new GlyphSetOptions
/// {
///     Alphabets = GlyphAlphabet.Named("Latin", "Greek", "Armenian", "Runic"),
///     ImageSize = 16,
///     SamplesPerClass = 10,
/// };
/// </code>
/// </example>
public sealed record GlyphSetOptions
{
    /// <summary>Height and width of the square images in pixels, from 8 to 256. Default 28, as MNIST.</summary>
    public int ImageSize { get; init; } = 28;

    /// <summary>Renderings ("drawers", in Omniglot's terms) per character, at least 1. Default 20, as Omniglot.</summary>
    public int SamplesPerClass { get; init; } = 20;

    /// <summary>Seed of the jitter; the same options always give the same images. Default 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>The alphabets, in the order their classes get ids. Default <see cref="GlyphAlphabet.BuiltIn"/>;
    /// <see cref="GlyphAlphabet.Named"/> picks some of them.</summary>
    public IReadOnlyList<GlyphAlphabet> Alphabets { get; init; } = GlyphAlphabet.BuiltIn;

    /// <summary>
    /// The most characters taken from one alphabet, at least 1; an alphabet with more usable letters gives this
    /// many, evenly spaced through its block. Default 20.
    /// </summary>
    public int MaxClassesPerAlphabet { get; init; } = 20;

    /// <summary>Where font files named by file name are looked up. Default <see cref="GlyphAlphabet.NotoDirectory"/>.</summary>
    public string FontDirectory { get; init; } = GlyphAlphabet.NotoDirectory;

    /// <summary>
    /// The folder of the cache file (<c>&lt;hash of the options and fonts&gt;.bin</c>), or <see langword="null"/> to
    /// generate every time. Default <c>synaptic-glyphs</c> in <see cref="Path.GetTempPath"/>.
    /// </summary>
    public string? CacheDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "synaptic-glyphs");

    /// <summary>The longer side of a glyph's bounding box as a fraction of <see cref="ImageSize"/>, before jitter. Default 0.7.</summary>
    public float GlyphExtent { get; init; } = 0.7f;

    /// <summary>Largest rotation in degrees; each rendering turns by a uniform angle in ±this. Default 15.</summary>
    public float MaxRotationDegrees { get; init; } = 15f;

    /// <summary>Largest relative change of size; each rendering scales by a uniform factor in 1 ± this. Default 0.15.</summary>
    public float MaxScaleChange { get; init; } = 0.15f;

    /// <summary>Largest horizontal shear (x shift per unit of y); uniform in ±this. Default 0.15.</summary>
    public float MaxShear { get; init; } = 0.15f;

    /// <summary>Largest shift of the glyph's centre on each axis, as a fraction of <see cref="ImageSize"/>; uniform in ±this. Default 0.06.</summary>
    public float MaxTranslation { get; init; } = 0.06f;

    /// <summary>
    /// Largest smooth elastic displacement, as a fraction of <see cref="ImageSize"/>: a sum of two random
    /// low-frequency waves per axis bends strokes the way different hands do. Default 0.03.
    /// </summary>
    public float MaxWarp { get; init; } = 0.03f;

    /// <summary>Thinnest pen added around the glyph outline, as a fraction of <see cref="ImageSize"/>. Default 0.02.</summary>
    public float MinStrokeWidth { get; init; } = 0.02f;

    /// <summary>Thickest pen added around the glyph outline, as a fraction of <see cref="ImageSize"/>; each rendering
    /// draws a uniform width between the two. Default 0.07.</summary>
    public float MaxStrokeWidth { get; init; } = 0.07f;

    /// <summary>Throws if an option is out of range.</summary>
    internal void Validate()
    {
        Check(ImageSize is >= 8 and <= 256, ImageSize, nameof(ImageSize), "from 8 to 256");
        Check(SamplesPerClass >= 1, SamplesPerClass, nameof(SamplesPerClass), "at least 1");
        Check(MaxClassesPerAlphabet >= 1, MaxClassesPerAlphabet, nameof(MaxClassesPerAlphabet), "at least 1");
        Check(GlyphExtent is > 0 and <= 1, GlyphExtent, nameof(GlyphExtent), "in (0, 1]");
        Check(MaxRotationDegrees is >= 0 and <= 180, MaxRotationDegrees, nameof(MaxRotationDegrees), "in [0, 180]");
        Check(MaxScaleChange is >= 0 and < 1, MaxScaleChange, nameof(MaxScaleChange), "in [0, 1)");
        Check(MaxShear is >= 0 and <= 1, MaxShear, nameof(MaxShear), "in [0, 1]");
        Check(MaxTranslation is >= 0 and <= 0.5f, MaxTranslation, nameof(MaxTranslation), "in [0, 0.5]");
        Check(MaxWarp is >= 0 and <= 0.25f, MaxWarp, nameof(MaxWarp), "in [0, 0.25]");
        Check(MinStrokeWidth is >= 0 and <= 0.5f, MinStrokeWidth, nameof(MinStrokeWidth), "in [0, 0.5]");
        Check(MaxStrokeWidth >= MinStrokeWidth && MaxStrokeWidth <= 0.5f, MaxStrokeWidth, nameof(MaxStrokeWidth), $"in [{nameof(MinStrokeWidth)}, 0.5]");
        if (Alphabets is null || Alphabets.Count == 0)
        {
            throw new ArgumentException($"{nameof(GlyphSetOptions)}.{nameof(Alphabets)} is empty; give at least one alphabet.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(FontDirectory, nameof(FontDirectory));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var alphabet in Alphabets)
        {
            if (alphabet is null || string.IsNullOrWhiteSpace(alphabet.Name) || string.IsNullOrWhiteSpace(alphabet.FontFile))
            {
                throw new ArgumentException($"{nameof(GlyphSetOptions)}.{nameof(Alphabets)} has an alphabet without a name or font.");
            }

            if (!names.Add(alphabet.Name))
            {
                throw new ArgumentException($"{nameof(GlyphSetOptions)}.{nameof(Alphabets)} names alphabet '{alphabet.Name}' twice.");
            }

            if (alphabet.FirstCodePoint < 0 || alphabet.LastCodePoint > 0x10FFFF || alphabet.FirstCodePoint > alphabet.LastCodePoint)
            {
                throw new ArgumentException(
                    $"Alphabet '{alphabet.Name}' has the code point range U+{alphabet.FirstCodePoint:X4}–U+{alphabet.LastCodePoint:X4}; it must be a non-empty range within U+0000–U+10FFFF.");
            }
        }
    }

    private static void Check(bool valid, object value, string name, string range)
    {
        if (!valid)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{nameof(GlyphSetOptions)}.{name} must be {range}.");
        }
    }
}
