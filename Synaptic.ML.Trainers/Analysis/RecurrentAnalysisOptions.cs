namespace Synaptic.ML.Trainers;

/// <summary>Settings of <see cref="RecurrentStateAnalysis.Write"/>.</summary>
public sealed class RecurrentAnalysisOptions
{
    /// <summary>Principal components to fit (k), capped at min(D, N − 1) for each analysis. Default 10.</summary>
    public int Components { get; init; } = 10;

    /// <summary>Seed of ML.NET's randomized PCA. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Oversampling of ML.NET's randomized PCA (see <see cref="PrincipalComponents"/>). Default 100.</summary>
    public int Oversampling { get; init; } = PrincipalComponents.DefaultOversampling;

    /// <summary>
    /// The episode drawn in the trace heatmap and the GIF; null (the default) picks the episode with the highest
    /// return (the first one on ties).
    /// </summary>
    public int? RenderedEpisode { get; init; }

    /// <summary>Snapshots of M shown side by side in <c>trace_heatmap.png</c>, evenly spaced over the episode. Default 6.</summary>
    public int HeatmapSnapshots { get; init; } = 6;

    /// <summary>Most frames in <c>episode.gif</c>; a longer episode is subsampled evenly (first and last step kept). Default 300.</summary>
    public int GifMaxFrames { get; init; } = 300;

    /// <summary>Frames per second of <c>episode.gif</c> (GIF delays are whole centiseconds). Default 10.</summary>
    public double GifFramesPerSecond { get; init; } = 10;

    /// <summary>Height in pixels of the M panel in the GIF when the environment frame is shorter. Default 160.</summary>
    public int GifMinimumPanelHeight { get; init; } = 160;

    /// <summary>Width of the PNG figures in pixels. Default 800.</summary>
    public int Width { get; init; } = 800;

    /// <summary>Height of the PNG figures in pixels. Default 600.</summary>
    public int Height { get; init; } = 600;

    /// <summary>Checks every setting, naming the one out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Components, 1, nameof(Components));
        ArgumentOutOfRangeException.ThrowIfNegative(Oversampling, nameof(Oversampling));
        if (RenderedEpisode is int e)
            ArgumentOutOfRangeException.ThrowIfNegative(e, nameof(RenderedEpisode));
        ArgumentOutOfRangeException.ThrowIfLessThan(HeatmapSnapshots, 1, nameof(HeatmapSnapshots));
        ArgumentOutOfRangeException.ThrowIfLessThan(GifMaxFrames, 1, nameof(GifMaxFrames));
        if (!double.IsFinite(GifFramesPerSecond) || GifFramesPerSecond <= 0 || GifFramesPerSecond > 100)
            throw new ArgumentOutOfRangeException(nameof(GifFramesPerSecond), GifFramesPerSecond, "GIF frame rate must be above 0 and at most 100 frames per second.");
        ArgumentOutOfRangeException.ThrowIfLessThan(GifMinimumPanelHeight, 8, nameof(GifMinimumPanelHeight));
        ArgumentOutOfRangeException.ThrowIfLessThan(Width, 100, nameof(Width));
        ArgumentOutOfRangeException.ThrowIfLessThan(Height, 100, nameof(Height));
    }
}
