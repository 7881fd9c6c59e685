namespace Synaptic.ML.Data;

/// <summary>
/// A set of equally sized grey-scale images, as read from an IDX file by <see cref="IdxReader.ReadImages"/>.
/// </summary>
public sealed class IdxImages
{
    /// <summary>
    /// Wraps row-major pixel data of <paramref name="count"/> images of
    /// <paramref name="rows"/> × <paramref name="columns"/> pixels. The array is used as is, not copied.
    /// </summary>
    /// <param name="count">The number of images.</param>
    /// <param name="rows">The height of each image in pixels.</param>
    /// <param name="columns">The width of each image in pixels.</param>
    /// <param name="pixels">The pixels, [<paramref name="count"/>, <paramref name="rows"/> × <paramref name="columns"/>] row-major.</param>
    /// <exception cref="ArgumentNullException"><paramref name="pixels"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative.</exception>
    /// <exception cref="ArgumentException">The length of <paramref name="pixels"/> is not count × rows × columns.</exception>
    public IdxImages(int count, int rows, int columns, float[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        ArgumentNullException.ThrowIfNull(pixels);
        long expected = (long)count * rows * columns;
        if (pixels.Length != expected)
        {
            throw new ArgumentException(
                $"The pixel array has {pixels.Length} elements, but {count} images of {rows}x{columns} need {expected}.",
                nameof(pixels));
        }

        Count = count;
        Rows = rows;
        Columns = columns;
        Pixels = pixels;
    }

    /// <summary>The number of images.</summary>
    public int Count { get; }

    /// <summary>The height of each image in pixels.</summary>
    public int Rows { get; }

    /// <summary>The width of each image in pixels.</summary>
    public int Columns { get; }

    /// <summary>The number of pixels in one image, <see cref="Rows"/> × <see cref="Columns"/>.</summary>
    public int PixelsPerImage => Rows * Columns;

    /// <summary>
    /// All pixels, row-major [<see cref="Count"/>, <see cref="Rows"/> × <see cref="Columns"/>]; each image is
    /// stored row by row. Values read from an IDX file are the stored bytes divided by 255, in [0, 1].
    /// </summary>
    public float[] Pixels { get; }

    /// <summary>The <see cref="PixelsPerImage"/> pixels of one image, row by row.</summary>
    /// <param name="index">The image index, from 0 to <see cref="Count"/> - 1.</param>
    /// <returns>A view into <see cref="Pixels"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is out of range.</exception>
    public ReadOnlySpan<float> Image(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The image index must be in [0, {Count}).");
        }

        int size = PixelsPerImage;
        return new ReadOnlySpan<float>(Pixels, index * size, size);
    }
}
