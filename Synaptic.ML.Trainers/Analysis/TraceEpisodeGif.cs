using ScottPlot;
using Synaptic.ML.Environments;

namespace Synaptic.ML.Trainers;

/// <summary>
/// An episode as an animated GIF: per step the environment's frame on the left and, when the agent has a memory
/// trace, M drawn as a heatmap on the right (one block of pixels per entry, row 0 at the top) with a colour strip
/// beside it (+limit at the top, −limit at the bottom). M's colours use one scale for the whole episode
/// (<see cref="TraceColourScale"/>), so a colour means the same value in every frame.
/// </summary>
internal static class TraceEpisodeGif
{
    private const int Gap = 6;
    private const int StripWidth = 10;
    private static readonly Color Background = Colors.White;

    /// <summary>Writes the GIF.</summary>
    /// <param name="path">The GIF file.</param>
    /// <param name="frames">The episode's frames, all one size.</param>
    /// <param name="trace">The episode's trace (one row-major rows × columns array per step), or null for frames only.</param>
    /// <param name="rows">Rows of M.</param>
    /// <param name="columns">Columns of M.</param>
    /// <param name="scale">The colour scale of M; null without a trace.</param>
    /// <param name="maxFrames">Most frames to write; longer episodes are subsampled evenly.</param>
    /// <param name="framesPerSecond">Playback rate.</param>
    /// <param name="minimumPanelHeight">Smallest height of the M panel, for short frames.</param>
    /// <returns>The number of frames written.</returns>
    internal static int Write(
        string path, IReadOnlyList<Frame> frames, IReadOnlyList<float[]>? trace, int rows, int columns, TraceColourScale? scale,
        int maxFrames, double framesPerSecond, int minimumPanelHeight)
    {
        int frameWidth = frames[0].Width, frameHeight = frames[0].Height;
        int panelHeight = 0, panelWidth = 0, width = frameWidth, height = frameHeight;
        if (trace is not null)
        {
            panelHeight = Math.Max(frameHeight, minimumPanelHeight);
            // Square cells where that fits; a very wide M is squeezed to at most twice the panel height.
            panelWidth = Math.Clamp((int)Math.Round((double)panelHeight * columns / rows), 1, 2 * panelHeight);
            width = frameWidth + Gap + panelWidth + Gap + StripWidth;
            height = panelHeight;
        }

        int delay = Math.Max(1, (int)Math.Round(100 / framesPerSecond));
        int[] steps = TraceHeatmapPlot.EvenlySpacedSteps(frames.Count, maxFrames);
        var canvas = new byte[width * height * 3];
        using GifEncoder gif = GifEncoder.Create(path, width, height);
        foreach (int t in steps)
        {
            Fill(canvas, Background);
            Blit(canvas, width, frames[t], 0, 0);
            if (trace is not null)
            {
                DrawMatrix(canvas, width, frameWidth + Gap, panelWidth, panelHeight, trace[t], rows, columns, scale!);
                DrawStrip(canvas, width, frameWidth + Gap + panelWidth + Gap, panelHeight, scale!);
            }

            gif.AddFrame(canvas, delay);
        }

        return steps.Length;
    }

    private static void Fill(byte[] canvas, Color color)
    {
        for (int i = 0; i < canvas.Length; i += 3)
        {
            canvas[i] = color.R;
            canvas[i + 1] = color.G;
            canvas[i + 2] = color.B;
        }
    }

    private static void Blit(byte[] canvas, int canvasWidth, Frame frame, int left, int top)
    {
        for (int y = 0; y < frame.Height; y++)
            frame.Rgb.AsSpan(y * frame.Width * 3, frame.Width * 3).CopyTo(canvas.AsSpan(((top + y) * canvasWidth + left) * 3));
    }

    private static void DrawMatrix(
        byte[] canvas, int canvasWidth, int left, int panelWidth, int panelHeight, float[] m, int rows, int columns, TraceColourScale scale)
    {
        for (int y = 0; y < panelHeight; y++)
        {
            int r = (int)((long)y * rows / panelHeight);
            for (int x = 0; x < panelWidth; x++)
            {
                int c = (int)((long)x * columns / panelWidth);
                Put(canvas, canvasWidth, left + x, y, scale.ColorOf(m[r * columns + c]));
            }
        }
    }

    private static void DrawStrip(byte[] canvas, int canvasWidth, int left, int panelHeight, TraceColourScale scale)
    {
        for (int y = 0; y < panelHeight; y++)
        {
            double value = scale.Limit * (1 - 2.0 * y / Math.Max(1, panelHeight - 1));
            Color color = scale.ColorOf(value);
            for (int x = 0; x < StripWidth; x++)
                Put(canvas, canvasWidth, left + x, y, color);
        }
    }

    private static void Put(byte[] canvas, int canvasWidth, int x, int y, Color color)
    {
        int i = (y * canvasWidth + x) * 3;
        canvas[i] = color.R;
        canvas[i + 1] = color.G;
        canvas[i + 2] = color.B;
    }
}
