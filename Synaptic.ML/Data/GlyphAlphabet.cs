using System.Collections.ObjectModel;

namespace Synaptic.ML.Data;

/// <summary>
/// One "alphabet" of the generated glyph set: the letters of a Unicode block drawn with one font file.
/// </summary>
/// <param name="Name">The alphabet's name, as it appears in <see cref="LabeledImages.ClassAlphabets"/>.</param>
/// <param name="FontFile">The font: a file name looked up in <see cref="GlyphSetOptions.FontDirectory"/>, or an absolute path.</param>
/// <param name="FirstCodePoint">The first code point of the block.</param>
/// <param name="LastCodePoint">The last code point of the block, inclusive.</param>
/// <remarks>
/// Of the block, only letters (Unicode categories Lu, Ll, Lt and Lo) that the font has a glyph for become
/// characters; see <see cref="GlyphSet"/> for how blank and duplicate-looking ones are skipped.
/// </remarks>
public sealed record GlyphAlphabet(string Name, string FontFile, int FirstCodePoint, int LastCodePoint)
{
    /// <summary>Where the Debian package <c>fonts-noto-core</c> installs its fonts: the default <see cref="GlyphSetOptions.FontDirectory"/>.</summary>
    public const string NotoDirectory = "/usr/share/fonts/truetype/noto";

    /// <summary>
    /// The 74 alphabets built in: living and historic scripts of Unicode, each with its Noto font from the
    /// Debian package <c>fonts-noto-core</c>. For bicameral scripts the block range covers one case only, so
    /// that "A" and "a" are not two classes that look alike.
    /// </summary>
    public static IReadOnlyList<GlyphAlphabet> BuiltIn { get; } = new ReadOnlyCollection<GlyphAlphabet>(
    [
        new("Latin", "NotoSans-Regular.ttf", 0x0041, 0x005A),
        new("Greek", "NotoSans-Regular.ttf", 0x03B1, 0x03C9),
        new("Cyrillic", "NotoSans-Regular.ttf", 0x0410, 0x042F),
        new("Armenian", "NotoSansArmenian-Regular.ttf", 0x0531, 0x0556),
        new("Hebrew", "NotoSansHebrew-Regular.ttf", 0x05D0, 0x05EA),
        new("Arabic", "NotoSansArabic-Regular.ttf", 0x0620, 0x064A),
        new("Syriac", "NotoSansSyriac-Regular.ttf", 0x0710, 0x072F),
        new("Thaana", "NotoSansThaana-Regular.ttf", 0x0780, 0x07A5),
        new("NKo", "NotoSansNKo-Regular.ttf", 0x07CA, 0x07EA),
        new("Samaritan", "NotoSansSamaritan-Regular.ttf", 0x0800, 0x0815),
        new("Mandaic", "NotoSansMandaic-Regular.ttf", 0x0840, 0x0858),
        new("Devanagari", "NotoSansDevanagari-Regular.ttf", 0x0904, 0x0939),
        new("Bengali", "NotoSansBengali-Regular.ttf", 0x0985, 0x09B9),
        new("Gurmukhi", "NotoSansGurmukhi-Regular.ttf", 0x0A05, 0x0A39),
        new("Gujarati", "NotoSansGujarati-Regular.ttf", 0x0A85, 0x0AB9),
        new("Oriya", "NotoSansOriya-Regular.ttf", 0x0B05, 0x0B39),
        new("Tamil", "NotoSansTamil-Regular.ttf", 0x0B85, 0x0BB9),
        new("Telugu", "NotoSansTelugu-Regular.ttf", 0x0C05, 0x0C39),
        new("Kannada", "NotoSansKannada-Regular.ttf", 0x0C85, 0x0CB9),
        new("Malayalam", "NotoSansMalayalam-Regular.ttf", 0x0D05, 0x0D3A),
        new("Sinhala", "NotoSansSinhala-Regular.ttf", 0x0D85, 0x0DC6),
        new("Thai", "NotoSansThai-Regular.ttf", 0x0E01, 0x0E2E),
        new("Lao", "NotoSansLao-Regular.ttf", 0x0E81, 0x0EAE),
        new("Tibetan", "NotoSerifTibetan-Regular.ttf", 0x0F40, 0x0F6C),
        new("Myanmar", "NotoSansMyanmar-Regular.ttf", 0x1000, 0x102A),
        new("Georgian", "NotoSansGeorgian-Regular.ttf", 0x10D0, 0x10FA),
        new("Ethiopic", "NotoSansEthiopic-Regular.ttf", 0x1200, 0x135A),
        new("Cherokee", "NotoSansCherokee-Regular.ttf", 0x13A0, 0x13F5),
        new("Canadian Aboriginal", "NotoSansCanadianAboriginal-Regular.ttf", 0x1401, 0x166C),
        new("Ogham", "NotoSansOgham-Regular.ttf", 0x1681, 0x169A),
        new("Runic", "NotoSansRunic-Regular.ttf", 0x16A0, 0x16EA),
        new("Tagalog", "NotoSansTagalog-Regular.ttf", 0x1700, 0x1711),
        new("Khmer", "NotoSansKhmer-Regular.ttf", 0x1780, 0x17B3),
        new("Mongolian", "NotoSansMongolian-Regular.ttf", 0x1820, 0x1878),
        new("Limbu", "NotoSansLimbu-Regular.ttf", 0x1900, 0x191E),
        new("Tai Le", "NotoSansTaiLe-Regular.ttf", 0x1950, 0x196D),
        new("New Tai Lue", "NotoSansNewTaiLue-Regular.ttf", 0x1980, 0x19AB),
        new("Buginese", "NotoSansBuginese-Regular.ttf", 0x1A00, 0x1A16),
        new("Balinese", "NotoSansBalinese-Regular.ttf", 0x1B05, 0x1B33),
        new("Sundanese", "NotoSansSundanese-Regular.ttf", 0x1B83, 0x1BA0),
        new("Batak", "NotoSansBatak-Regular.ttf", 0x1BC0, 0x1BE5),
        new("Lepcha", "NotoSansLepcha-Regular.ttf", 0x1C00, 0x1C23),
        new("Ol Chiki", "NotoSansOlChiki-Regular.ttf", 0x1C5A, 0x1C77),
        new("Glagolitic", "NotoSansGlagolitic-Regular.ttf", 0x2C00, 0x2C2F),
        new("Tifinagh", "NotoSansTifinagh-Regular.ttf", 0x2D30, 0x2D67),
        new("Vai", "NotoSansVai-Regular.ttf", 0xA500, 0xA60B),
        new("Bamum", "NotoSansBamum-Regular.ttf", 0xA6A0, 0xA6E5),
        new("Javanese", "NotoSansJavanese-Regular.ttf", 0xA984, 0xA9B2),
        new("Cham", "NotoSansCham-Regular.ttf", 0xAA00, 0xAA28),
        new("Tai Viet", "NotoSansTaiViet-Regular.ttf", 0xAA80, 0xAAAF),
        new("Meetei Mayek", "NotoSansMeeteiMayek-Regular.ttf", 0xABC0, 0xABE2),
        new("Linear B", "NotoSansLinearB-Regular.ttf", 0x10000, 0x1005D),
        new("Lycian", "NotoSansLycian-Regular.ttf", 0x10280, 0x1029C),
        new("Carian", "NotoSansCarian-Regular.ttf", 0x102A0, 0x102D0),
        new("Old Italic", "NotoSansOldItalic-Regular.ttf", 0x10300, 0x1031F),
        new("Gothic", "NotoSansGothic-Regular.ttf", 0x10330, 0x1034A),
        new("Ugaritic", "NotoSansUgaritic-Regular.ttf", 0x10380, 0x1039D),
        new("Old Persian", "NotoSansOldPersian-Regular.ttf", 0x103A0, 0x103C3),
        new("Deseret", "NotoSansDeseret-Regular.ttf", 0x10400, 0x10427),
        new("Shavian", "NotoSansShavian-Regular.ttf", 0x10450, 0x1047F),
        new("Osmanya", "NotoSansOsmanya-Regular.ttf", 0x10480, 0x1049D),
        new("Osage", "NotoSansOsage-Regular.ttf", 0x104B0, 0x104D3),
        new("Cypriot", "NotoSansCypriot-Regular.ttf", 0x10800, 0x1083F),
        new("Phoenician", "NotoSansPhoenician-Regular.ttf", 0x10900, 0x10915),
        new("Kharoshthi", "NotoSansKharoshthi-Regular.ttf", 0x10A10, 0x10A35),
        new("Old South Arabian", "NotoSansOldSouthArabian-Regular.ttf", 0x10A60, 0x10A7C),
        new("Avestan", "NotoSansAvestan-Regular.ttf", 0x10B00, 0x10B35),
        new("Old Turkic", "NotoSansOldTurkic-Regular.ttf", 0x10C00, 0x10C48),
        new("Old Hungarian", "NotoSansOldHungarian-Regular.ttf", 0x10C80, 0x10CB2),
        new("Brahmi", "NotoSansBrahmi-Regular.ttf", 0x11003, 0x11037),
        new("Pahawh Hmong", "NotoSansPahawhHmong-Regular.ttf", 0x16B00, 0x16B2F),
        new("Duployan", "NotoSansDuployan-Regular.ttf", 0x1BC00, 0x1BC6A),
        new("Mende Kikakui", "NotoSansMendeKikakui-Regular.ttf", 0x1E800, 0x1E8C4),
        new("Adlam", "NotoSansAdlam-Regular.ttf", 0x1E900, 0x1E921),
    ]);

    /// <summary>The built-in alphabets with the given names, in the order given.</summary>
    /// <param name="names">Names from <see cref="BuiltIn"/>, compared ignoring case.</param>
    /// <returns>The alphabets.</returns>
    /// <exception cref="ArgumentException">A name is not a built-in alphabet; the message lists them.</exception>
    public static IReadOnlyList<GlyphAlphabet> Named(params IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return names.Select(name => BuiltIn.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException(
                $"'{name}' is not a built-in alphabet; they are {string.Join(", ", BuiltIn.Select(a => a.Name))}.", nameof(names)))
            .ToArray();
    }
}
