using ScottPlot;
using SkiaSharp;

namespace Synaptic.ML.Plotting;

/// <summary>
/// Shared argument checks and PNG export for the plotting helpers. Renders a ScottPlot
/// <see cref="Plot"/> onto an off-screen Skia surface (no display needed) and encodes it with
/// fast PNG settings: the "Up" row filter and zlib level 3 encode an 800×600 plot several times
/// faster than Skia's defaults (all filters, level 6) for files about a third larger.
/// </summary>
internal static class PlotExport
{
    private static readonly SKPngEncoderOptions FastPng = new(SKPngEncoderFilterFlags.Up, 3);

    /// <summary>Checks the arguments every <c>SavePng</c> method shares.</summary>
    internal static void ValidateTarget(string path, int width, int height)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
    }

    /// <summary>Refuses a null or empty list of series, or a null series, and validates each (the message names its kind and index).</summary>
    /// <typeparam name="T">The series type.</typeparam>
    /// <param name="series">The series.</param>
    /// <param name="kind">What a series is called in messages ("line", "band").</param>
    /// <param name="validate">Checks one series.</param>
    internal static void ValidateSeries<T>(IReadOnlyList<T> series, string kind, Action<T> validate)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0)
        {
            throw new ArgumentException($"At least one {kind} series is needed.", nameof(series));
        }

        for (int i = 0; i < series.Count; i++)
        {
            if (series[i] is null)
            {
                throw new ArgumentNullException(nameof(series), $"{char.ToUpperInvariant(kind[0])}{kind[1..]} series {i} is null.");
            }

            validate(series[i]);
        }
    }

    /// <summary>Sets the optional title and axis labels, shows the legend or hides it, and saves the plot as a PNG.</summary>
    internal static void SaveLabelledPng(Plot plot, string path, int width, int height, string? title, string? xLabel, string? yLabel, bool legend)
    {
        if (!string.IsNullOrEmpty(title))
        {
            plot.Title(title);
        }

        if (!string.IsNullOrEmpty(xLabel))
        {
            plot.XLabel(xLabel);
        }

        if (!string.IsNullOrEmpty(yLabel))
        {
            plot.YLabel(yLabel);
        }

        if (legend)
        {
            plot.ShowLegend();
        }
        else
        {
            plot.HideLegend();
        }

        SavePng(plot, path, width, height);
    }

    /// <summary>Renders <paramref name="plot"/> at <paramref name="width"/>×<paramref name="height"/>
    /// pixels and writes it as a PNG to <paramref name="path"/>, creating its directory if missing.</summary>
    internal static void SavePng(Plot plot, string path, int width, int height)
    {
        string fullPath = Path.GetFullPath(path);
        string? directory = Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using SKSurface surface = SKSurface.Create(new SKImageInfo(width, height))
            ?? throw new InvalidOperationException($"Could not create a {width}x{height} drawing surface.");
        plot.Render(surface.Canvas, width, height);
        surface.Canvas.Flush();

        using SKImage image = surface.Snapshot();
        using SKPixmap pixmap = image.PeekPixels()
            ?? throw new InvalidOperationException("Could not read back the rendered plot's pixels.");
        using SKData png = pixmap.Encode(FastPng)
            ?? throw new InvalidOperationException($"Could not encode the plot as PNG for '{fullPath}'.");

        using FileStream file = new(fullPath, FileMode.Create, FileAccess.Write, FileShare.None);
        png.SaveTo(file);
    }
}
