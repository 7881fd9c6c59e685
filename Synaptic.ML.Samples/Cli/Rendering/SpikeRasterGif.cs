using Synaptic.ML.Environments;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// An episode of a spiking policy as an animated GIF: each step's environment frame on the left and, beside it, the
/// raster of the actor's hidden spikes — every hidden neuron a row (the first layer's at the top), the simulation steps
/// of the last <see cref="Decisions"/> decisions as columns, the newest decision at the right on a tinted background.
/// </summary>
public sealed class SpikeRasterGif : IDisposable
{
    /// <summary>Pixels between the frame and the raster.</summary>
    public const int Gap = 6;

    /// <summary>Decisions shown in the raster.</summary>
    public const int Decisions = 16;

    private const int TargetRasterWidth = 256;
    // Colours of the GIF's fixed palette (GifPalette), so none is lost to the nearest one.
    private static readonly byte[] Background = [255, 255, 255];
    private static readonly byte[] Newest = [204, 213, 255];
    private static readonly byte[] Spike = [0, 0, 0];
    private static readonly byte[] Line = [204, 204, 204];

    private readonly GifEncoder _gif;
    private readonly int _frameWidth;
    private readonly int _frameHeight;
    private readonly int _steps;
    private readonly int _neurons;
    private readonly IReadOnlyList<int> _layerSizes;
    private readonly int _delay;
    private readonly byte[] _canvas;
    private readonly Queue<SpikingActorTrace> _recent = new();

    /// <summary>Creates the GIF file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="frameWidth">The environment frames' width.</param>
    /// <param name="frameHeight">Their height.</param>
    /// <param name="steps">Simulation steps per decision, T.</param>
    /// <param name="layerSizes">The hidden layers' sizes.</param>
    /// <param name="delayCentiseconds">Each frame's display time.</param>
    public SpikeRasterGif(string path, int frameWidth, int frameHeight, int steps, IReadOnlyList<int> layerSizes, int delayCentiseconds = 4)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentNullException.ThrowIfNull(layerSizes);
        _frameWidth = frameWidth;
        _frameHeight = frameHeight;
        _steps = steps;
        _layerSizes = layerSizes;
        _neurons = layerSizes.Sum();
        if (_neurons <= 0)
            throw new ArgumentException("The actor has no hidden neurons to draw.", nameof(layerSizes));
        _delay = delayCentiseconds;
        Width = frameWidth + Gap + RasterWidth(steps);
        _canvas = new byte[Width * frameHeight * 3];
        _gif = GifEncoder.Create(path, Width, frameHeight);
    }

    /// <summary>The GIF's width: the frame, the gap and the raster.</summary>
    public int Width { get; }

    /// <summary>The raster's width for <paramref name="steps"/> simulation steps per decision: <see cref="Decisions"/> × T columns of at least one pixel, about 256 pixels in all.</summary>
    /// <param name="steps">Simulation steps per decision, T.</param>
    /// <returns>The width in pixels.</returns>
    public static int RasterWidth(int steps) => Decisions * steps * PixelsPerStep(steps);

    private static int PixelsPerStep(int steps) => Math.Max(1, TargetRasterWidth / (Decisions * steps));

    /// <summary>Adds a frame, with the decision taken on it (null for the last frame, on which no decision is taken).</summary>
    /// <param name="frame">The environment's frame.</param>
    /// <param name="decision">The decision's spikes, or null.</param>
    /// <exception cref="ArgumentException">The frame or the trace has another size than the GIF's.</exception>
    public void Add(Frame frame, SpikingActorTrace? decision)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Width != _frameWidth || frame.Height != _frameHeight)
            throw new ArgumentException($"The frame is {frame.Width}×{frame.Height}; this GIF's frames are {_frameWidth}×{_frameHeight}.", nameof(frame));
        if (decision is not null)
        {
            if (decision.Steps != _steps || decision.Neurons != _neurons)
                throw new ArgumentException($"The decision has {decision.Steps} steps × {decision.Neurons} neurons; this raster draws {_steps} × {_neurons}.", nameof(decision));
            _recent.Enqueue(decision);
            if (_recent.Count > Decisions)
                _recent.Dequeue();
        }
        for (var i = 0; i < _canvas.Length; i += 3)
            Background.CopyTo(_canvas, i);
        for (var y = 0; y < _frameHeight; y++)
            frame.Rgb.AsSpan(y * _frameWidth * 3, _frameWidth * 3).CopyTo(_canvas.AsSpan(y * Width * 3));
        DrawRaster(decision is not null);
        _gif.AddFrame(_canvas, _delay);
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _gif.Dispose();

    private void DrawRaster(bool tintNewest)
    {
        var left = _frameWidth + Gap;
        var pixels = PixelsPerStep(_steps);
        var decisionWidth = _steps * pixels;
        // The newest decision ends at the right edge; older ones to its left.
        var first = Decisions - _recent.Count;
        if (tintNewest)
            Fill(left + (Decisions - 1) * decisionWidth, 0, decisionWidth, _frameHeight, Newest);
        // Grey lines between decisions and between layers, under the spikes.
        for (var k = 1; k < Decisions; k++)
            Fill(left + k * decisionWidth, 0, 1, _frameHeight, Line);
        var boundary = 0;
        foreach (var size in _layerSizes.Take(_layerSizes.Count - 1))
        {
            boundary += size;
            Fill(left, Row(boundary), Decisions * decisionWidth, 1, Line);
        }
        var d = first;
        foreach (var decision in _recent)
        {
            for (var t = 0; t < _steps; t++)
            {
                for (var i = 0; i < _neurons; i++)
                {
                    if (decision.Spikes[t * _neurons + i] == 0)
                        continue;
                    var top = Row(i);
                    Fill(left + d * decisionWidth + t * pixels, top, pixels, Math.Max(1, Row(i + 1) - top), Spike);
                }
            }
            d++;
        }
    }

    private int Row(int neuron) => (int)((long)neuron * _frameHeight / _neurons);

    private void Fill(int x, int y, int width, int height, byte[] color)
    {
        for (var row = y; row < Math.Min(_frameHeight, y + height); row++)
        {
            for (var column = x; column < x + width; column++)
                color.CopyTo(_canvas, (row * Width + column) * 3);
        }
    }
}
