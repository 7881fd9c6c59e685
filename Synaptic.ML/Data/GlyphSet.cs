using System.Diagnostics;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Data;

/// <summary>
/// An Omniglot-style data set (Lake et al., 2015) generated from installed fonts: many scripts as "alphabets",
/// their letters as classes, and every letter rendered many times with random distortions, as if drawn by
/// different people. Made for few-shot learning with alphabet-disjoint splits (<see cref="ClassSplit.ByAlphabet"/>).
/// </summary>
/// <remarks>
/// <para>
/// With the default <see cref="GlyphSetOptions"/> the set has the 74 <see cref="GlyphAlphabet.BuiltIn"/> alphabets
/// (Noto fonts from the Debian package <c>fonts-noto-core</c>), at most 20 letters each, 20 renderings of every
/// letter, in 28×28 images. Images are white on black like MNIST: 1 is ink, 0 background (Omniglot's own files are
/// black on white: use 1 − p for those). Classes are numbered alphabet by alphabet, in code point order; images are
/// ordered by class, then rendering. Class names are "alphabet/U+XXXX".
/// </para>
/// <para>
/// Each rendering places the letter's outline with its longer side at <see cref="GlyphSetOptions.GlyphExtent"/> of
/// the image, then rotates, scales, shears and shifts it, bends it with a smooth random warp and strokes it with a
/// random pen width. Rendering r of a letter draws from its own stream of <see cref="SplitMix64"/>, keyed by the seed,
/// the alphabet name, the code point and r, so a letter's images do not depend on which other letters are in the set.
/// </para>
/// <para>
/// Generation is deterministic: the same options, fonts, Skia build and .NET runtime give byte-identical images on
/// a machine (another CPU or OS may round anti-aliasing or a sine differently in the last bit). The set is then
/// written to <see cref="GlyphSetOptions.CacheDirectory"/> (with a SHA-256 checksum) and read from there next time; the
/// cache key covers the options, the fonts' content and the Skia and .NET versions, so a stale file is never read.
/// </para>
/// </remarks>
public static class GlyphSet
{
    /// <summary>Reads the set from the cache, or generates it (and caches it).</summary>
    /// <param name="options">The options; null for the defaults.</param>
    /// <param name="progress">Told after each alphabet is rendered; not called when the set comes from the cache.</param>
    /// <returns>The images, with <see cref="LabeledImages.ClassAlphabets"/>.</returns>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    /// <exception cref="FileNotFoundException">A font file is missing; the message names it and the package to install.</exception>
    /// <exception cref="InvalidDataException">A font cannot be read, an alphabet has no usable letter, or the cache file
    /// is corrupt (the message says to delete it).</exception>
    /// <exception cref="IOException">The cache file cannot be written.</exception>
    public static LabeledImages Generate(GlyphSetOptions? options = null, IProgress<GlyphSetProgress>? progress = null) =>
        Load(options ?? new GlyphSetOptions(), progress).Images;

    /// <summary>The cache file these options read and write, whether or not it exists yet; null when caching is off.</summary>
    /// <param name="options">The options; null for the defaults.</param>
    /// <returns>The full path of the cache file, or null.</returns>
    /// <exception cref="FileNotFoundException">A font file is missing (the key hashes the fonts).</exception>
    public static string? CachePath(GlyphSetOptions? options = null)
    {
        options ??= new GlyphSetOptions();
        options.Validate();
        GlyphCharacters.EnsureFontsExist(options);
        return options.CacheDirectory is null ? null : GlyphSetCache.PathOf(options.CacheDirectory, GlyphSetCache.Key(options));
    }

    /// <summary>Like <see cref="Generate"/>, also saying where the set came from, for logs.</summary>
    internal static GlyphSetLoad Load(GlyphSetOptions options, IProgress<GlyphSetProgress>? progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        GlyphCharacters.EnsureFontsExist(options);
        var clock = Stopwatch.StartNew();
        string key = GlyphSetCache.Key(options);
        string? cachePath = options.CacheDirectory is null ? null : GlyphSetCache.PathOf(options.CacheDirectory, key);
        if (cachePath is not null && File.Exists(cachePath))
        {
            return new GlyphSetLoad(GlyphSetCache.Read(cachePath, key).ToLabeledImages(), cachePath, FromCache: true, clock.Elapsed);
        }

        var set = Render(options, progress);
        if (cachePath is not null)
        {
            GlyphSetCache.Write(cachePath, key, set);
        }

        return new GlyphSetLoad(set.ToLabeledImages(), cachePath, FromCache: false, clock.Elapsed);
    }

    private static GlyphSetPixels Render(GlyphSetOptions options, IProgress<GlyphSetProgress>? progress)
    {
        var characters = GlyphCharacters.Select(options);
        try
        {
            int size = options.ImageSize;
            int samples = options.SamplesPerClass;
            int pixelsPerImage = size * size;
            var coverage = new byte[checked(characters.Count * samples * pixelsPerImage)];
            var labels = new int[characters.Count * samples];
            using var renderer = new GlyphRenderer(size);
            var alphabetSeeds = new Dictionary<string, ulong>(StringComparer.Ordinal);
            int alphabetsDone = 0;
            for (int c = 0; c < characters.Count; c++)
            {
                var character = characters[c];
                if (!alphabetSeeds.TryGetValue(character.Alphabet.Name, out ulong alphabetSeed))
                {
                    alphabetSeed = SplitMix64.ForStream(options.Seed, StableHash(character.Alphabet.Name)).NextUInt64();
                    alphabetSeeds.Add(character.Alphabet.Name, alphabetSeed);
                }

                for (int r = 0; r < samples; r++)
                {
                    var random = SplitMix64.ForStream(alphabetSeed, ((ulong)character.CodePoint << 32) | (uint)r);
                    var jitter = GlyphJitter.Draw(options, ref random);
                    int image = c * samples + r;
                    renderer.Render(character.Outline, jitter).CopyTo(coverage.AsSpan(image * pixelsPerImage, pixelsPerImage));
                    labels[image] = c;
                }

                if (c + 1 == characters.Count || characters[c + 1].Alphabet != character.Alphabet)
                {
                    progress?.Report(new GlyphSetProgress(character.Alphabet.Name, ++alphabetsDone, options.Alphabets.Count, c + 1));
                }
            }

            return new GlyphSetPixels(
                size, coverage, labels, characters.Select(ch => ch.ClassName).ToArray(), characters.Select(ch => ch.Alphabet.Name).ToArray());
        }
        finally
        {
            characters.ForEach(ch => ch.Dispose());
        }
    }

    /// <summary>FNV-1a of the UTF-8 bytes: a hash that, unlike <see cref="string.GetHashCode()"/>, is the same in every process.</summary>
    private static ulong StableHash(string text)
    {
        ulong hash = 0xCBF29CE484222325UL;
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 0x100000001B3UL;
        }

        return hash;
    }
}

/// <summary>A glyph set and where it came from: the cache file (if any), whether it was read from there, and how long it took.</summary>
internal sealed record GlyphSetLoad(LabeledImages Images, string? CachePath, bool FromCache, TimeSpan Elapsed);
