using ScottPlot;
using Synaptic.ML.Data;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// A picture of one few-shot episode: a row per class with its support images on the left and its queries on the right,
/// each query framed green when the model put it in its row's class and red (with the row it chose) when not.
/// </summary>
public static class EpisodePicture
{
    private const int Gap = 2;

    /// <summary>Writes the picture as a PNG.</summary>
    /// <param name="path">The file.</param>
    /// <param name="episode">The episode.</param>
    /// <param name="predicted">The predicted class (0 to N − 1, in the support's order) of each query, in the query's order.</param>
    /// <param name="title">The title.</param>
    /// <exception cref="ArgumentException"><paramref name="predicted"/> has another length than the queries.</exception>
    public static void SavePng(string path, FewShotEpisode episode, IReadOnlyList<int> predicted, string title)
    {
        ArgumentNullException.ThrowIfNull(episode);
        ArgumentNullException.ThrowIfNull(predicted);
        var query = episode.Query;
        if (predicted.Count != query.Count)
            throw new ArgumentException($"{predicted.Count} predictions for {query.Count} queries.", nameof(predicted));
        int height = query.Height, width = query.Width, ways = episode.Ways;
        var columns = episode.Shots + 1 + episode.Queries;   // a blank column between support and queries
        var cellHeight = height + Gap;
        var cellWidth = width + Gap;
        var mosaic = new double[ways * cellHeight, columns * cellWidth];
        var supportPlace = new int[ways];
        var queryPlace = new int[ways];

        using var plot = new Plot();
        for (var i = 0; i < episode.Support.Count; i++)
        {
            var row = episode.Support.Labels[i];
            Draw(mosaic, episode.Support.Image(i), row * cellHeight, supportPlace[row]++ * cellWidth, height, width);
        }
        for (var i = 0; i < query.Count; i++)
        {
            var row = query.Labels[i];
            var column = episode.Shots + 1 + queryPlace[row]++;
            Draw(mosaic, query.Image(i), row * cellHeight, column * cellWidth, height, width);
            var right = predicted[i] == row;
            var frame = plot.Add.Rectangle(column * cellWidth - 1, column * cellWidth + width, row * cellHeight + height, row * cellHeight - 1);
            frame.FillStyle.Color = Colors.Transparent;
            frame.LineStyle.Color = right ? Colors.LimeGreen : Colors.Red;
            frame.LineStyle.Width = 2;
            if (!right)
            {
                var label = plot.Add.Text($"→{predicted[i] + 1}", column * cellWidth + 1, row * cellHeight + 1);
                label.LabelFontColor = Colors.Red;
                label.LabelFontSize = 14;
            }
        }
        var heatmap = plot.Add.Heatmap(mosaic);
        heatmap.Colormap = new ScottPlot.Colormaps.Grayscale();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        plot.MoveToBack(heatmap);
        plot.Axes.SetLimits(-0.5, columns * cellWidth - 0.5, ways * cellHeight - 0.5, -0.5);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. Enumerable.Range(0, ways).Select(r => r * cellHeight + height / 2.0)], [.. Enumerable.Range(1, ways).Select(r => r.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [episode.Shots * cellWidth / 2.0, (episode.Shots + 1 + episode.Queries / 2.0) * cellWidth], ["support", "queries"]);
        plot.HideGrid();
        plot.YLabel("Class");
        plot.Title(title, size: 12);
        var pictureHeight = Math.Clamp(ways * 90 + 120, 300, 1600);
        var pictureWidth = Math.Clamp(pictureHeight * columns * cellWidth / (ways * cellHeight) + 100, 400, 2000);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        plot.SavePng(path, pictureWidth, pictureHeight);
    }

    private static void Draw(double[,] mosaic, ReadOnlySpan<float> image, int top, int left, int height, int width)
    {
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
                mosaic[top + y, left + x] = image[y * width + x];
        }
    }
}
