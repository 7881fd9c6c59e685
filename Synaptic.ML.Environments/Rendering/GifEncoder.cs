namespace Synaptic.ML.Environments;

/// <summary>
/// Writes an animated GIF (GIF89a) frame by frame: a global colour table holding the fixed
/// <see cref="GifPalette"/> (each pixel mapped to its nearest colour), a NETSCAPE2.0 extension that
/// loops forever, then per frame a graphic control extension with its delay and the LZW-compressed
/// image. Frames go to the stream as they are added, so memory stays one frame deep.
/// </summary>
/// <example>
/// <code>
/// using (var gif = GifEncoder.Create("cartpole.gif", frame.Width, frame.Height))
/// {
///     gif.AddFrame(frame, delayCentiseconds: 4);
/// }
/// </code>
/// </example>
public sealed class GifEncoder : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly byte[] _indices;
    private readonly GifLzw _lzw = new();
    private bool _disposed;

    /// <summary>Starts a GIF of <paramref name="width"/>×<paramref name="height"/> pixels on <paramref name="stream"/>, writing its header.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="width">Width in pixels, 1 to 65535.</param>
    /// <param name="height">Height in pixels, 1 to 65535.</param>
    /// <param name="leaveOpen">Leave <paramref name="stream"/> open on <see cref="Dispose"/>.</param>
    public GifEncoder(Stream stream, int width, int height, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
            throw new ArgumentException("The GIF stream is not writable.", nameof(stream));
        if (width is < 1 or > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(width), width, "A GIF is 1 to 65535 pixels wide.");
        if (height is < 1 or > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(height), height, "A GIF is 1 to 65535 pixels high.");
        _stream = stream;
        _leaveOpen = leaveOpen;
        Width = width;
        Height = height;
        _indices = new byte[width * height];
        WriteHeader();
    }

    /// <summary>Creates <paramref name="path"/> (and its directory) and starts a GIF there.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <returns>The encoder; dispose it to finish the file.</returns>
    public static GifEncoder Create(string path, int width, int height)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { Length: > 0 } directory)
            Directory.CreateDirectory(directory);
        var file = new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.None);
        try
        {
            return new GifEncoder(new BufferedStream(file, 1 << 16), width, height);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Frames written so far.</summary>
    public int FrameCount { get; private set; }

    /// <summary>Appends <paramref name="frame"/>, shown for <paramref name="delayCentiseconds"/> hundredths of a second.</summary>
    /// <param name="frame">A frame of <see cref="Width"/>×<see cref="Height"/> pixels.</param>
    /// <param name="delayCentiseconds">Display time in 1/100 s, 0 to 65535 (many viewers treat under 2 as 10).</param>
    public void AddFrame(Frame frame, int delayCentiseconds)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Width != Width || frame.Height != Height)
            throw new ArgumentException($"The frame is {frame.Width}x{frame.Height}; this GIF is {Width}x{Height}.", nameof(frame));
        AddFrame(frame.Rgb, delayCentiseconds);
    }

    /// <summary>Appends a frame of row-major RGB bytes, shown for <paramref name="delayCentiseconds"/> hundredths of a second.</summary>
    /// <param name="rgb"><see cref="Width"/>·<see cref="Height"/>·3 bytes.</param>
    /// <param name="delayCentiseconds">Display time in 1/100 s, 0 to 65535.</param>
    public void AddFrame(ReadOnlySpan<byte> rgb, int delayCentiseconds)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (rgb.Length != _indices.Length * 3)
            throw new ArgumentException($"A {Width}x{Height} frame has {_indices.Length * 3} RGB bytes; got {rgb.Length}.", nameof(rgb));
        if (delayCentiseconds is < 0 or > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(delayCentiseconds), delayCentiseconds, "A GIF frame delay is 0 to 65535 centiseconds.");
        GifPalette.Map(rgb, _indices);

        // Graphic control extension: disposal "do not dispose" (1), no transparency.
        ReadOnlySpan<byte> control = [0x21, 0xF9, 0x04, 0x04, (byte)delayCentiseconds, (byte)(delayCentiseconds >> 8), 0x00, 0x00];
        _stream.Write(control);
        // Image descriptor: the whole canvas, no local colour table, not interlaced.
        ReadOnlySpan<byte> descriptor = [0x2C, 0, 0, 0, 0, (byte)Width, (byte)(Width >> 8), (byte)Height, (byte)(Height >> 8), 0x00];
        _stream.Write(descriptor);
        _lzw.Encode(_indices, _stream);
        FrameCount++;
    }

    /// <summary>Writes the trailer and closes the stream (unless left open).</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _stream.WriteByte(0x3B);
        _stream.Flush();
        if (!_leaveOpen)
            _stream.Dispose();
    }

    private void WriteHeader()
    {
        _stream.Write("GIF89a"u8);
        // Logical screen descriptor: global colour table of 2^(7+1) entries, 8-bit colour resolution.
        ReadOnlySpan<byte> screen = [(byte)Width, (byte)(Width >> 8), (byte)Height, (byte)(Height >> 8), 0xF7, 0x00, 0x00];
        _stream.Write(screen);
        _stream.Write(GifPalette.Rgb);
        // NETSCAPE2.0 application extension: loop count 0, i.e. forever.
        _stream.Write([0x21, 0xFF, 0x0B]);
        _stream.Write("NETSCAPE2.0"u8);
        _stream.Write([0x03, 0x01, 0x00, 0x00, 0x00]);
    }
}
