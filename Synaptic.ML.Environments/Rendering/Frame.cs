namespace Synaptic.ML.Environments;

/// <summary>An RGB image (Gymnasium's <c>rgb_array</c>): <see cref="Height"/> rows of <see cref="Width"/> pixels, 3 bytes each.</summary>
public sealed class Frame
{
    /// <summary>Creates a frame over existing pixels.</summary>
    /// <param name="width">Width in pixels, positive.</param>
    /// <param name="height">Height in pixels, positive.</param>
    /// <param name="rgb">Row-major RGB bytes, width·height·3 of them.</param>
    public Frame(int width, int height, byte[] rgb)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(rgb);
        if (rgb.Length != width * height * 3)
            throw new ArgumentException($"A {width}x{height} RGB frame has {width * height * 3} bytes; got {rgb.Length}.", nameof(rgb));
        Width = width;
        Height = height;
        Rgb = rgb;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Row-major RGB bytes.</summary>
    public byte[] Rgb { get; }
}
