using System.Globalization;
using System.IO.Compression;

namespace Synaptic.ML.Data;

/// <summary>
/// The optical-recognition handwritten digits of scikit-learn's <c>load_digits</c> (UCI; Alpaydin and Kaynak, 1998):
/// 1,797 images of 8×8 pixels in 10 classes, read from <c>digits.csv.gz</c> in the Debian package <c>python3-sklearn</c>.
/// </summary>
/// <remarks>
/// Each line of the file is 64 pixel counts from 0 to 16 (row-major) and the digit. Pixels are scaled to [0, 1]
/// by dividing by 16, so 0 is background and 1 full ink; the class names are "0" to "9".
/// </remarks>
public static class SklearnDigits
{
    /// <summary>Where the Debian package <c>python3-sklearn</c> installs the file.</summary>
    public const string DefaultPath = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";

    /// <summary>The image height and width in pixels.</summary>
    public const int ImageSize = 8;

    /// <summary>The largest pixel value in the file; pixels are divided by it.</summary>
    public const int MaxPixelValue = 16;

    private const int ClassCount = 10;

    /// <summary>Loads the digits.</summary>
    /// <param name="path">The CSV file, gzip-compressed or not; null for <see cref="DefaultPath"/>.</param>
    /// <returns>The images in [0, 1] with labels 0 to 9.</returns>
    /// <exception cref="FileNotFoundException">The file is missing; the message says which package installs it.</exception>
    /// <exception cref="InvalidDataException">A line does not hold 64 pixels from 0 to 16 and a digit; the message names the line.</exception>
    public static LabeledImages Load(string? path = null)
    {
        string file = Path.GetFullPath(path ?? DefaultPath);
        if (!File.Exists(file))
        {
            throw new FileNotFoundException(
                $"Digits file not found: '{file}'. The digits come with scikit-learn: install the Debian package 'python3-sklearn' "
                + $"with 'apt-get install python3-sklearn', which puts them in {DefaultPath}.",
                file);
        }

        const int pixelsPerImage = ImageSize * ImageSize;
        var pixels = new List<float>();
        var labels = new List<int>();
        using (var reader = new StreamReader(Open(file)))
        {
            int lineNumber = 0;
            for (string? line = ReadLine(reader, file); line is not null; line = ReadLine(reader, file))
            {
                lineNumber++;
                if (line.Length == 0)
                {
                    continue;
                }

                string[] fields = line.Split(',');
                if (fields.Length != pixelsPerImage + 1)
                {
                    throw new InvalidDataException(
                        $"Line {lineNumber} of '{file}' has {fields.Length} values; a digit has {pixelsPerImage} pixels and a label.");
                }

                for (int i = 0; i < pixelsPerImage; i++)
                {
                    pixels.Add(Parse(fields[i], MaxPixelValue, file, lineNumber, $"pixel {i}") / (float)MaxPixelValue);
                }

                labels.Add(Parse(fields[pixelsPerImage], ClassCount - 1, file, lineNumber, "the label"));
            }
        }

        string[] names = Enumerable.Range(0, ClassCount).Select(d => d.ToString(CultureInfo.InvariantCulture)).ToArray();
        return new LabeledImages(ImageSize, ImageSize, pixels.ToArray(), labels.ToArray(), names, null, validatePixels: false);
    }

    private static Stream Open(string file)
    {
        var stream = File.OpenRead(file);
        int b0 = stream.ReadByte();
        int b1 = stream.ReadByte();
        stream.Position = 0;
        return b0 == 0x1f && b1 == 0x8b ? new GZipStream(stream, CompressionMode.Decompress) : stream;
    }

    private static string? ReadLine(StreamReader reader, string file)
    {
        try
        {
            return reader.ReadLine();
        }
        catch (InvalidDataException e)
        {
            // A corrupt gzip stream; name the file, which the decompressor's message does not.
            throw new InvalidDataException($"'{file}' is corrupt: {e.Message}", e);
        }
    }

    /// <summary>Parses a whole number from 0 to <paramref name="max"/>; sklearn writes them as "3" or "3.0".</summary>
    private static int Parse(string field, int max, string file, int line, string what)
    {
        if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            || value != Math.Floor(value) || value < 0 || value > max)
        {
            throw new InvalidDataException($"Line {line} of '{file}' has {what} = '{field}'; expected a whole number from 0 to {max}.");
        }

        return (int)value;
    }
}
