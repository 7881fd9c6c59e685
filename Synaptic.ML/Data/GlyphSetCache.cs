using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using StringBuilder = System.Text.StringBuilder;
using SkiaSharp;
using Synaptic.ML.Persistence;

namespace Synaptic.ML.Data;

/// <summary>
/// The glyph set's cache file: <c>&lt;key&gt;.bin</c>, where the key is a SHA-256 of every option that shapes the
/// images, the content of every font, and the versions of Skia and .NET (which decide rasterisation and Unicode
/// categories). The file is "SYNGLYPH", a format version, then gzip of a payload framed with its SHA-256.
/// </summary>
internal static class GlyphSetCache
{
    private const int FormatVersion = 1;
    private static readonly byte[] Magic = "SYNGLYPH"u8.ToArray();

    /// <summary>The cache key of the options with the fonts as they are now on disk.</summary>
    public static string Key(GlyphSetOptions options)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"format={FormatVersion};skia={typeof(SKPath).Assembly.GetName().Version};");
        text.Append(CultureInfo.InvariantCulture, $"skia-native={SkiaSharpVersion.Native};dotnet={Environment.Version};");
        text.Append(CultureInfo.InvariantCulture, $"size={options.ImageSize};samples={options.SamplesPerClass};seed={options.Seed};");
        text.Append(CultureInfo.InvariantCulture, $"max={options.MaxClassesPerAlphabet};duplicate={Bits(GlyphCharacters.DuplicateSimilarity)};");
        foreach (float value in new[]
        {
            options.GlyphExtent, options.MaxRotationDegrees, options.MaxScaleChange, options.MaxShear,
            options.MaxTranslation, options.MaxWarp, options.MinStrokeWidth, options.MaxStrokeWidth,
        })
        {
            text.Append(Bits(value)).Append(',');
        }

        var fontHashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var alphabet in options.Alphabets)
        {
            string path = GlyphCharacters.FontPath(options, alphabet);
            if (!fontHashes.TryGetValue(path, out string? hash))
            {
                hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
                fontHashes.Add(path, hash);
            }

            text.Append(CultureInfo.InvariantCulture, $";{alphabet.Name}|{alphabet.FirstCodePoint:X}-{alphabet.LastCodePoint:X}|{hash}");
        }

        return Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())))[..32].ToLower(CultureInfo.InvariantCulture);
    }

    /// <summary>The cache file of a key in a folder.</summary>
    public static string PathOf(string directory, string key) => Path.Combine(Path.GetFullPath(directory), key + ".bin");

    /// <summary>Writes the set atomically: to a temporary file first, then renamed.</summary>
    /// <exception cref="IOException">The folder cannot be written; the message says how to change or turn off the cache.</exception>
    public static void Write(string path, string key, GlyphSetPixels set)
    {
        string temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var file = File.Create(temporary))
            {
                file.Write(Magic);
                file.Write(BitConverter.GetBytes(FormatVersion));
                using var zip = new GZipStream(file, CompressionLevel.Fastest);
                using var writer = new BinaryWriter(zip, System.Text.Encoding.UTF8);
                ChecksummedPayload.Write(writer, payload =>
                {
                    payload.Write(key);
                    payload.Write(set.Size);
                    payload.Write(set.ClassNames.Length);
                    for (int c = 0; c < set.ClassNames.Length; c++)
                    {
                        payload.Write(set.ClassNames[c]);
                        payload.Write(set.ClassAlphabets[c]);
                    }

                    payload.Write(set.Labels.Length);
                    foreach (int label in set.Labels)
                    {
                        payload.Write(label);
                    }

                    payload.Write(set.Coverage);
                });
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }

            throw new IOException(
                $"Cannot write the glyph-set cache '{path}': {e.Message} Set {nameof(GlyphSetOptions)}.{nameof(GlyphSetOptions.CacheDirectory)} "
                + "to a writable folder, or to null to generate the set without a cache.", e);
        }
    }

    /// <summary>Reads and verifies a cache file.</summary>
    /// <exception cref="InvalidDataException">The file is corrupt or belongs to other options; the message says to delete it.</exception>
    public static GlyphSetPixels Read(string path, string key)
    {
        string what = $"Glyph-set cache file '{path}'";
        string advice = " Delete it and the set will be generated again.";
        try
        {
            using var file = File.OpenRead(path);
            Span<byte> header = stackalloc byte[Magic.Length + sizeof(int)];
            if (file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length
                || !header[..Magic.Length].SequenceEqual(Magic)
                || BitConverter.ToInt32(header[Magic.Length..]) != FormatVersion)
            {
                throw new InvalidDataException($"{what} does not start with the glyph-set header of format {FormatVersion}.");
            }

            using var zip = new GZipStream(file, CompressionMode.Decompress);
            using var reader = new BinaryReader(zip, System.Text.Encoding.UTF8);
            using var payload = ChecksummedPayload.Read(reader, what);
            string storedKey = payload.ReadString();
            if (storedKey != key)
            {
                throw new InvalidDataException($"{what} holds the set of key {storedKey}, not {key}.");
            }

            int size = payload.ReadInt32();
            var names = new string[payload.ReadInt32()];
            var alphabets = new string[names.Length];
            for (int c = 0; c < names.Length; c++)
            {
                names[c] = payload.ReadString();
                alphabets[c] = payload.ReadString();
            }

            var labels = new int[payload.ReadInt32()];
            for (int i = 0; i < labels.Length; i++)
            {
                labels[i] = payload.ReadInt32();
            }

            byte[] coverage = payload.ReadBytes(checked(labels.Length * size * size));
            if (coverage.Length != labels.Length * size * size)
            {
                throw new InvalidDataException($"{what} holds {coverage.Length} pixel bytes for {labels.Length} images of {size}x{size}.");
            }

            return new GlyphSetPixels(size, coverage, labels, names, alphabets);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            string message = e.Message.StartsWith(what, StringComparison.Ordinal) ? e.Message : $"{what} is corrupt: {e.Message}";
            throw new InvalidDataException(message + advice, e);
        }
    }

    private static string Bits(float value) => BitConverter.SingleToInt32Bits(value).ToString("X8", CultureInfo.InvariantCulture);
}
