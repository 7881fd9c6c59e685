using ScottPlot;
using Synaptic.ML.Plotting;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Trajectories of a recurrent state projected on its first two principal components: one thin grey line per
/// episode, its steps drawn as markers coloured either by time within the episode (viridis, with a colour bar in
/// steps) or by the action taken (one palette colour and legend entry per action).
/// </summary>
internal static class StateTrajectoryPlot
{
    // Markers are grouped into this many colour levels, one plottable each, so a plot of thousands of steps stays
    // a few dozen plottables; 64 levels are finer than the eye tells apart on viridis.
    private const int MaxTimeLevels = 64;
    private const float MarkerSize = 5;

    /// <summary>Writes the trajectories with markers coloured by step.</summary>
    /// <param name="path">The PNG file.</param>
    /// <param name="episodes">Per episode, per step, the projection (at least one component; a missing PC2 is drawn as 0).</param>
    /// <param name="title">The title.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    internal static void SaveByTime(string path, IReadOnlyList<IReadOnlyList<float[]>> episodes, string title, int width, int height)
    {
        PlotExport.ValidateTarget(path, width, height);
        int longest = episodes.Max(e => e.Count);
        int levels = Math.Clamp(longest, 1, MaxTimeLevels);
        IColormap colormap = new ScottPlot.Colormaps.Viridis();
        var xs = new List<double>[levels];
        var ys = new List<double>[levels];
        for (int l = 0; l < levels; l++)
        {
            xs[l] = [];
            ys[l] = [];
        }

        using Plot plot = new();
        AddLines(plot, episodes);
        foreach (IReadOnlyList<float[]> episode in episodes)
        {
            for (int t = 0; t < episode.Count; t++)
            {
                int level = longest == 1 ? 0 : (int)Math.Round((double)t / (longest - 1) * (levels - 1));
                xs[level].Add(episode[t][0]);
                ys[level].Add(SecondComponent(episode[t]));
            }
        }

        for (int l = 0; l < levels; l++)
        {
            if (xs[l].Count == 0)
                continue;
            Color color = colormap.GetColor(levels == 1 ? 0 : (double)l / (levels - 1));
            plot.Add.Markers(xs[l].ToArray(), ys[l].ToArray(), MarkerShape.FilledCircle, MarkerSize, color);
        }

        var colorBar = plot.Add.ColorBar(new ColorAxis(colormap, new ScottPlot.Range(0, Math.Max(1, longest - 1))));
        colorBar.Label = "Step in episode";
        PlotExport.SaveLabelledPng(plot, path, width, height, title, "PC1", YLabel(episodes), legend: false);
    }

    /// <summary>Writes the trajectories with markers coloured by the action taken at each step.</summary>
    /// <param name="path">The PNG file.</param>
    /// <param name="episodes">Per episode, per step, the projection.</param>
    /// <param name="actions">Per episode, the action at each step.</param>
    /// <param name="title">The title.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    internal static void SaveByAction(
        string path, IReadOnlyList<IReadOnlyList<float[]>> episodes, IReadOnlyList<int[]> actions, string title, int width, int height)
    {
        PlotExport.ValidateTarget(path, width, height);
        var byAction = new SortedDictionary<int, (List<double> X, List<double> Y)>();
        for (int e = 0; e < episodes.Count; e++)
        {
            for (int t = 0; t < episodes[e].Count; t++)
            {
                int action = actions[e][t];
                if (!byAction.TryGetValue(action, out var points))
                    byAction[action] = points = ([], []);
                points.X.Add(episodes[e][t][0]);
                points.Y.Add(SecondComponent(episodes[e][t]));
            }
        }

        using Plot plot = new();
        AddLines(plot, episodes);
        int index = 0;
        foreach ((int action, var points) in byAction)
        {
            var markers = plot.Add.Markers(points.X.ToArray(), points.Y.ToArray(), MarkerShape.FilledCircle, MarkerSize, plot.Add.Palette.GetColor(index++));
            markers.LegendText = $"action {action}";
        }

        PlotExport.SaveLabelledPng(plot, path, width, height, title, "PC1", YLabel(episodes), legend: true);
    }

    private static void AddLines(Plot plot, IReadOnlyList<IReadOnlyList<float[]>> episodes)
    {
        foreach (IReadOnlyList<float[]> episode in episodes)
        {
            double[] x = episode.Select(p => (double)p[0]).ToArray();
            double[] y = episode.Select(SecondComponent).ToArray();
            var line = plot.Add.Scatter(x, y);
            line.Color = Colors.Gray.WithAlpha(0.5);
            line.LineWidth = 1;
            line.MarkerSize = 0;
        }
    }

    private static double SecondComponent(float[] projection) => projection.Length > 1 ? projection[1] : 0;

    private static string YLabel(IReadOnlyList<IReadOnlyList<float[]>> episodes) =>
        episodes[0][0].Length > 1 ? "PC2" : "PC2 (not fitted: one component)";
}
