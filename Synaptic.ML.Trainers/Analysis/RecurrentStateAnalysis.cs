using System.Text.Json;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Analyses the recurrent state of recorded episodes (<see cref="RecordedEpisode"/>): principal components of the
/// hidden states and, for networks with a plastic memory, of the flattened memory M, with figures, an episode GIF
/// and the numbers in <c>analysis.json</c>.
/// </summary>
/// <remarks>
/// Files written into the folder:
/// <list type="bullet">
/// <item><c>hidden_pca_time.png</c>, <c>hidden_pca_action.png</c>: trajectories in PC1–PC2, coloured by step and by action;</item>
/// <item><c>hidden_explained_variance.png</c>: variance share per component, cumulative share, participation ratio;</item>
/// <item>with a trace, <c>trace_pca_time.png</c>, <c>trace_pca_action.png</c>, <c>trace_explained_variance.png</c> and
/// <c>trace_heatmap.png</c> (snapshots of M over the rendered episode);</item>
/// <item>when the rendered episode has frames, <c>episode.gif</c> (frame and M side by side);</item>
/// <item><c>analysis.json</c>: sizes, total variance, participation ratios and explained-variance ratios.</item>
/// </list>
/// PCA is fitted once over every step of every episode, so all episodes share the axes.
/// </remarks>
/// <example>
/// <code>
/// RecurrentAnalysisReport report = RecurrentStateAnalysis.Write("runs/mpn/analysis", episodes);
/// Console.WriteLine($"hidden PR {report.HiddenParticipationRatio:F1}, M PR {report.TraceParticipationRatio:F1}");
/// </code>
/// </example>
public static class RecurrentStateAnalysis
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Fits the principal components, writes the figures, GIF and <c>analysis.json</c>, and reports the numbers.</summary>
    /// <param name="folder">The output folder; created if missing, files in it are overwritten.</param>
    /// <param name="episodes">At least one episode; all with the same hidden size, and all with a trace of one shape or none.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <returns>What was measured and the paths written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="episodes"/> or an episode is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is empty, there are no episodes, an episode is
    /// inconsistent (see <see cref="RecordedEpisode.Validate"/>), the episodes disagree on sizes, there are fewer than
    /// 2 steps in all, or the hidden states or the trace never change.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option, or the rendered episode, is out of range.</exception>
    public static RecurrentAnalysisReport Write(string folder, IReadOnlyList<RecordedEpisode> episodes, RecurrentAnalysisOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        options ??= new RecurrentAnalysisOptions();
        options.Validate();
        bool hasTrace = CheckEpisodes(episodes);
        int rendered = options.RenderedEpisode ?? HighestReturn(episodes);
        if (rendered >= episodes.Count)
            throw new ArgumentOutOfRangeException(nameof(options), rendered, $"RenderedEpisode is {rendered}; there are {episodes.Count} episodes.");

        string root = Path.GetFullPath(folder);
        Directory.CreateDirectory(root);
        var files = new List<string>();
        string File(string name)
        {
            string path = Path.Combine(root, name);
            files.Add(path);
            return path;
        }

        int[][] actions = episodes.Select(e => e.Actions).ToArray();
        PrincipalComponents hidden = Fit(episodes.Select(e => e.Hidden).ToArray(), options, "hidden states");
        WriteFigures(hidden, episodes, actions, "hidden", "Hidden state h", options, File);

        PrincipalComponents? trace = null;
        TraceColourScale? scale = null;
        RecordedEpisode shown = episodes[rendered];
        if (hasTrace)
        {
            trace = Fit(episodes.Select(e => e.Trace).ToArray(), options, "trace M");
            WriteFigures(trace, episodes, actions, "trace", "Memory M", options, File);
            scale = TraceColourScale.Over(shown.Trace);
            TraceHeatmapPlot.SavePng(
                File("trace_heatmap.png"), shown.Trace, shown.TraceRows, shown.TraceColumns, options.HeatmapSnapshots, scale,
                $"M over episode {rendered} (return {shown.Return:G4}; colours ±{scale.Limit:G3})", options.Width, options.Height);
        }

        if (shown.Frames is { Count: > 0 } frames)
        {
            TraceEpisodeGif.Write(
                File("episode.gif"), frames, hasTrace ? shown.Trace : null, shown.TraceRows, shown.TraceColumns, scale,
                options.GifMaxFrames, options.GifFramesPerSecond, options.GifMinimumPanelHeight);
        }

        string jsonPath = File("analysis.json");
        var summary = new
        {
            Episodes = episodes.Count,
            Steps = episodes.Sum(e => e.Steps),
            RenderedEpisode = rendered,
            Returns = episodes.Select(e => e.Return).ToArray(),
            Hidden = Summary(hidden),
            Trace = trace is null ? null : Summary(trace),
            TraceRows = hasTrace ? episodes[0].TraceRows : 0,
            TraceColumns = hasTrace ? episodes[0].TraceColumns : 0,
            TraceColourLimit = scale?.Limit,
            Files = files.Select(Path.GetFileName).ToArray(),
        };
        System.IO.File.WriteAllText(jsonPath, JsonSerializer.Serialize(summary, Json));

        return new RecurrentAnalysisReport
        {
            Hidden = hidden,
            Trace = trace,
            RenderedEpisode = rendered,
            TraceColourLimit = scale?.Limit,
            Files = files,
        };
    }

    /// <summary>
    /// Writes an episode as a GIF: its environment frames, and beside them its memory M at each step on one colour
    /// scale over the episode (frames alone when the episode has no trace).
    /// </summary>
    /// <param name="path">The GIF file.</param>
    /// <param name="episode">An episode recorded with frames.</param>
    /// <param name="options">Frame count and rate; null for the defaults.</param>
    /// <returns>The number of frames written.</returns>
    /// <exception cref="ArgumentException">The episode has no frames or is inconsistent.</exception>
    public static int WriteEpisodeGif(string path, RecordedEpisode episode, RecurrentAnalysisOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(episode);
        options ??= new RecurrentAnalysisOptions();
        options.Validate();
        episode.Validate();
        if (episode.Frames is not { Count: > 0 } frames)
            throw new ArgumentException("The episode was recorded without frames; record it with frames to write a GIF.", nameof(episode));
        var scale = episode.HasTrace ? TraceColourScale.Over(episode.Trace) : null;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return TraceEpisodeGif.Write(path, frames, episode.HasTrace ? episode.Trace : null, episode.TraceRows, episode.TraceColumns, scale,
            options.GifMaxFrames, options.GifFramesPerSecond, options.GifMinimumPanelHeight);
    }

    private static bool CheckEpisodes(IReadOnlyList<RecordedEpisode> episodes)
    {
        ArgumentNullException.ThrowIfNull(episodes);
        if (episodes.Count == 0)
            throw new ArgumentException("At least one episode is needed.", nameof(episodes));
        for (int i = 0; i < episodes.Count; i++)
        {
            RecordedEpisode episode = episodes[i] ?? throw new ArgumentNullException(nameof(episodes), $"Episode {i} is null.");
            episode.Validate(i);
        }

        RecordedEpisode first = episodes[0];
        for (int i = 1; i < episodes.Count; i++)
        {
            RecordedEpisode e = episodes[i];
            if (e.HiddenSize != first.HiddenSize)
                throw new ArgumentException($"Episode {i} has hidden states of {e.HiddenSize} values; episode 0 has {first.HiddenSize}.", nameof(episodes));
            if (e.HasTrace != first.HasTrace)
                throw new ArgumentException(
                    $"Episode {i} {(e.HasTrace ? "has" : "has no")} trace; episode 0 {(first.HasTrace ? "has" : "has no")} trace. All or none must.", nameof(episodes));
            if (e.TraceRows != first.TraceRows || e.TraceColumns != first.TraceColumns)
                throw new ArgumentException(
                    $"Episode {i} has a {e.TraceRows} x {e.TraceColumns} trace; episode 0 has {first.TraceRows} x {first.TraceColumns}.", nameof(episodes));
        }

        int steps = episodes.Sum(e => e.Steps);
        if (steps < 2)
            throw new ArgumentException($"The episodes have {steps} step in all; PCA needs at least 2.", nameof(episodes));
        return first.HasTrace;
    }

    private static int HighestReturn(IReadOnlyList<RecordedEpisode> episodes)
    {
        int best = 0;
        for (int i = 1; i < episodes.Count; i++)
        {
            if (episodes[i].Return > episodes[best].Return)
                best = i;
        }

        return best;
    }

    private static PrincipalComponents Fit(float[][][] perEpisode, RecurrentAnalysisOptions options, string what)
    {
        float[][] rows = perEpisode.SelectMany(steps => steps).ToArray();
        if (rows.Skip(1).All(row => row.AsSpan().SequenceEqual(rows[0])))
            throw new ArgumentException($"The {what} are the same at every step of every episode; there is no variance to analyse.", "episodes");
        if (rows[0].Length < 2)
            throw new ArgumentException($"The {what} have {rows[0].Length} value per step; PCA needs at least 2.", "episodes");
        int components = Math.Min(options.Components, Math.Min(rows[0].Length, rows.Length - 1));
        return PrincipalComponents.Fit(rows, components, options.Seed, options.Oversampling);
    }

    private static void WriteFigures(
        PrincipalComponents pca, IReadOnlyList<RecordedEpisode> episodes, int[][] actions, string prefix, string what,
        RecurrentAnalysisOptions options, Func<string, string> file)
    {
        float[][] projections = [.. pca.Projections];
        var perEpisode = new IReadOnlyList<float[]>[episodes.Count];
        int start = 0;
        for (int e = 0; e < episodes.Count; e++)
        {
            int steps = episodes[e].Steps;
            perEpisode[e] = new ArraySegment<float[]>(projections, start, steps);
            start += steps;
        }

        string subtitle = $"{what} ({pca.Dimension} dims, {episodes.Count} episodes)";
        StateTrajectoryPlot.SaveByTime(file($"{prefix}_pca_time.png"), perEpisode, $"{subtitle}: PC1-PC2 by step", options.Width, options.Height);
        StateTrajectoryPlot.SaveByAction(file($"{prefix}_pca_action.png"), perEpisode, actions, $"{subtitle}: PC1-PC2 by action", options.Width, options.Height);
        ExplainedVariancePlot.SavePng(file($"{prefix}_explained_variance.png"), pca, what, options.Width, options.Height);
    }

    private static object Summary(PrincipalComponents pca) => new
    {
        pca.Dimension,
        pca.Components,
        pca.Oversampling,
        pca.TotalVariance,
        pca.ParticipationRatio,
        pca.ExplainedVariance,
        pca.ExplainedVarianceRatio,
        pca.CumulativeRatio,
    };
}
