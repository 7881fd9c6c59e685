using System.Buffers.Binary;
using System.IO.Compression;

namespace Synaptic.ML.Data;

/// <summary>
/// Reads files in the IDX format used by MNIST and Fashion-MNIST, raw or gzip-compressed.
/// </summary>
/// <remarks>
/// An IDX file starts with a big-endian magic number <c>0x0000TTDD</c>, where <c>TT</c> is the data type
/// (0x08 unsigned byte, 0x09 signed byte, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64) and
/// <c>DD</c> the number of dimensions; then one big-endian 32-bit size per dimension, then the data.
/// Image files are <c>0x00000803</c> (unsigned byte, [count, rows, columns]) and label files
/// <c>0x00000801</c> (unsigned byte, [count]). Only the unsigned-byte type is supported. A file is taken
/// as gzip-compressed when it starts with the gzip header bytes 0x1f 0x8b, whatever its name.
/// </remarks>
public static class IdxReader
{
    private const byte UnsignedByte = 0x08;
    private const int ImageDimensions = 3;
    private const int LabelDimensions = 1;
    private const int ChunkSize = 1 << 16;

    /// <summary>The exact byte value / 255 for every byte, so conversion needs no division.</summary>
    private static readonly float[] ByteToUnit = CreateByteToUnit();

    /// <summary>
    /// Reads an unsigned-byte image file (magic <c>0x00000803</c>) and scales its pixels to [0, 1] by dividing by 255.
    /// </summary>
    /// <param name="path">The IDX file, raw or gzip-compressed.</param>
    /// <param name="maxCount">Reads at most this many images, from the start; null reads all.</param>
    /// <returns>The images.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxCount"/> is negative.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an IDX image file or is truncated.</exception>
    /// <exception cref="NotSupportedException">The file holds a data type other than unsigned byte.</exception>
    public static IdxImages ReadImages(string path, int? maxCount = null)
    {
        ValidateArguments(path, maxCount);
        using Stream stream = Open(path);
        int[] dims = ReadHeader(stream, path, ImageDimensions);
        int count = Limit(dims[0], maxCount);
        int rows = dims[1];
        int columns = dims[2];
        long total = (long)count * rows * columns;
        if (total > Array.MaxLength)
        {
            throw new NotSupportedException(
                $"IDX file '{path}': {count} images of {rows}x{columns} pixels ({total} values) exceed the largest array; pass a smaller maxCount.");
        }

        var pixels = new float[total];
        byte[] chunk = new byte[(int)Math.Min(ChunkSize, Math.Max(total, 1))];
        long done = 0;
        while (done < total)
        {
            int want = (int)Math.Min(chunk.Length, total - done);
            int got = ReadBlock(stream, path, chunk.AsSpan(0, want));
            Span<float> target = pixels.AsSpan((int)done, got);
            for (int i = 0; i < got; i++)
            {
                target[i] = ByteToUnit[chunk[i]];
            }

            done += got;
            if (got < want)
            {
                throw Truncated(path, $"{total} bytes of pixel data for {count} images of {rows}x{columns}", done);
            }
        }

        return new IdxImages(count, rows, columns, pixels);
    }

    /// <summary>
    /// Reads an unsigned-byte label file (magic <c>0x00000801</c>).
    /// </summary>
    /// <param name="path">The IDX file, raw or gzip-compressed.</param>
    /// <param name="maxCount">Reads at most this many labels, from the start; null reads all.</param>
    /// <returns>The labels.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxCount"/> is negative.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an IDX label file or is truncated.</exception>
    /// <exception cref="NotSupportedException">The file holds a data type other than unsigned byte.</exception>
    public static byte[] ReadLabels(string path, int? maxCount = null)
    {
        ValidateArguments(path, maxCount);
        using Stream stream = Open(path);
        int[] dims = ReadHeader(stream, path, LabelDimensions);
        int count = Limit(dims[0], maxCount);
        var labels = new byte[count];
        int got = ReadBlock(stream, path, labels);
        if (got < count)
        {
            throw Truncated(path, $"{count} bytes of labels", got);
        }

        return labels;
    }

    /// <summary>
    /// Reads an image file and its label file (as <see cref="ReadImages"/> and <see cref="ReadLabels"/>) into a
    /// <see cref="LabeledImages"/>, for example MNIST's <c>train-images-idx3-ubyte.gz</c> and <c>train-labels-idx1-ubyte.gz</c>.
    /// </summary>
    /// <param name="imagesPath">The IDX image file, raw or gzip-compressed.</param>
    /// <param name="labelsPath">The IDX label file, raw or gzip-compressed.</param>
    /// <param name="maxCount">Reads at most this many examples, from the start; null reads all.</param>
    /// <param name="classNames">The name of each class; null names classes "0" to the largest label.</param>
    /// <returns>The images in [0, 1] with their labels as class ids.</returns>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt, the files hold different numbers of examples, or a label
    /// has no name in <paramref name="classNames"/>.</exception>
    public static LabeledImages ReadLabeledImages(string imagesPath, string labelsPath, int? maxCount = null, IReadOnlyList<string>? classNames = null)
    {
        IdxImages images = ReadImages(imagesPath, maxCount);
        byte[] labels = ReadLabels(labelsPath, maxCount);
        if (images.Count != labels.Length)
        {
            throw new InvalidDataException(
                $"'{imagesPath}' holds {images.Count} images but '{labelsPath}' holds {labels.Length} labels; they must match one to one.");
        }

        int classes = labels.Length == 0 ? 0 : labels.Max() + 1;
        if (classNames is not null)
        {
            int bad = Array.FindIndex(labels, l => l >= classNames.Count);
            if (bad >= 0)
            {
                throw new InvalidDataException(
                    $"'{labelsPath}' has label {labels[bad]} at index {bad}, but only {classNames.Count} class names were given.");
            }
        }

        IReadOnlyList<string> names = classNames
            ?? Enumerable.Range(0, classes).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new LabeledImages(images, Array.ConvertAll(labels, l => (int)l), names);
    }

    /// <summary>The error for a missing IDX file, with install advice for the default Fashion-MNIST location.</summary>
    internal static FileNotFoundException MissingFile(string path, Exception? inner = null)
    {
        string fullPath = Path.GetFullPath(path);
        string message = $"IDX file not found: '{fullPath}'.";
        if (IsUnder(fullPath, FashionMnist.DefaultDirectory))
        {
            message += " " + FashionMnist.InstallAdvice;
        }

        return new FileNotFoundException(message, fullPath, inner);
    }

    private static void ValidateArguments(string path, int? maxCount)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (maxCount is int max)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(max, nameof(maxCount));
        }
    }

    private static int Limit(int count, int? maxCount) => maxCount is int max ? Math.Min(count, max) : count;

    private static bool IsUnder(string fullPath, string directory)
    {
        string dir = Path.TrimEndingDirectorySeparator(directory);
        return fullPath.Equals(dir, StringComparison.Ordinal)
            || fullPath.StartsWith(dir + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>Opens the file, decompressing it if it starts with the gzip header.</summary>
    private static Stream Open(string path)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkSize);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw MissingFile(path, e);
        }

        try
        {
            Span<byte> start = stackalloc byte[2];
            int n = file.ReadAtLeast(start, 2, throwOnEndOfStream: false);
            file.Position = 0;
            if (n == 2 && start[0] == 0x1f && start[1] == 0x8b)
            {
                return new GZipStream(file, CompressionMode.Decompress, leaveOpen: false);
            }

            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads and checks the magic number and the dimension sizes.
    /// </summary>
    private static int[] ReadHeader(Stream stream, string path, int dimensions)
    {
        Span<byte> magicBytes = stackalloc byte[4];
        int got = ReadBlock(stream, path, magicBytes);
        if (got < magicBytes.Length)
        {
            throw Truncated(path, "a 4-byte magic number", got);
        }

        uint magic = BinaryPrimitives.ReadUInt32BigEndian(magicBytes);
        uint expected = (uint)(UnsignedByte << 8 | dimensions);
        byte dataType = magicBytes[2];
        string? typeName = DataTypeName(dataType);
        if (magicBytes[0] != 0 || magicBytes[1] != 0 || typeName is null)
        {
            throw new InvalidDataException(
                $"'{path}' is not an IDX file: expected magic number {Describe(expected)}, found 0x{magic:X8}.");
        }

        if (dataType != UnsignedByte)
        {
            throw new NotSupportedException(
                $"IDX file '{path}' holds data type 0x{dataType:X2} ({typeName}); only unsigned byte (0x08) is supported.");
        }

        if (magicBytes[3] != dimensions)
        {
            throw new InvalidDataException(
                $"IDX file '{path}' has the wrong magic number: expected {Describe(expected)}, found {Describe(magic)}.");
        }

        Span<byte> sizeBytes = stackalloc byte[4 * dimensions];
        got = ReadBlock(stream, path, sizeBytes);
        if (got < sizeBytes.Length)
        {
            throw Truncated(path, $"{sizeBytes.Length} bytes of dimension sizes", got);
        }

        var dims = new int[dimensions];
        for (int d = 0; d < dimensions; d++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(sizeBytes[(4 * d)..]);
            if (size > int.MaxValue)
            {
                throw new InvalidDataException($"IDX file '{path}' has an invalid size {size} for dimension {d}.");
            }

            dims[d] = (int)size;
        }

        return dims;
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the count read.</summary>
    private static int ReadBlock(Stream stream, string path, Span<byte> buffer)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            // A corrupt gzip stream; name the file, which the decompressor's message does not.
            throw new InvalidDataException($"IDX file '{path}' is corrupt: {e.Message}", e);
        }
    }

    private static InvalidDataException Truncated(string path, string expected, long found) =>
        new($"IDX file '{path}' is truncated: expected {expected}, found only {found} bytes.");

    private static string Describe(uint magic)
    {
        int dims = (int)(magic & 0xFF);
        string type = DataTypeName((byte)(magic >> 8)) ?? "unknown type";
        return $"0x{magic:X8} ({type}, {dims} dimension{(dims == 1 ? "" : "s")})";
    }

    private static string? DataTypeName(byte dataType) => dataType switch
    {
        0x08 => "unsigned byte",
        0x09 => "signed byte",
        0x0B => "16-bit integer",
        0x0C => "32-bit integer",
        0x0D => "32-bit float",
        0x0E => "64-bit float",
        _ => null,
    };

    private static float[] CreateByteToUnit()
    {
        var table = new float[256];
        for (int b = 0; b < table.Length; b++)
        {
            table[b] = b / 255f;
        }

        return table;
    }
}
