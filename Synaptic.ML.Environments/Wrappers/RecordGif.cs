namespace Synaptic.ML.Environments.Wrappers;

/// <summary>
/// Records chosen episodes as animated GIFs of <see cref="Env.Render"/> frames, in the manner of
/// Gymnasium's <c>RecordVideo</c>: episodes are numbered from 0 at each reset, those the trigger
/// accepts are written to <c>{directory}/{namePrefix}-episode-{n}.gif</c>, one frame after the reset
/// and one after every step, the file finishing when the episode ends (or at the next reset or
/// <see cref="Dispose"/>).
/// </summary>
/// <remarks>
/// The default trigger is Gymnasium's capped cubic schedule: episodes 0, 1, 8, 27, …, 729, then
/// every 1000th. Frames stream to disk as they are rendered. The wrapped environment must render.
/// </remarks>
public sealed class RecordGif : Wrapper, IDisposable
{
    private readonly Func<int, bool> _episodeTrigger;
    private readonly List<string> _files = [];
    private GifEncoder? _gif;
    private bool _disposed;

    /// <summary>Wraps <paramref name="env"/> to record episodes into <paramref name="directory"/>.</summary>
    /// <param name="env">An environment whose <see cref="Env.Render"/> returns frames.</param>
    /// <param name="directory">Where the GIFs go; created when needed.</param>
    /// <param name="episodeTrigger">Which episode numbers to record; defaults to the capped cubic schedule.</param>
    /// <param name="namePrefix">File name prefix (Gymnasium: "rl-video").</param>
    /// <param name="framesPerSecond">Playback rate, 1 to 100 (GIF delays are whole hundredths of a second).</param>
    public RecordGif(Env env, string directory, Func<int, bool>? episodeTrigger = null, string namePrefix = "rl-video", int framesPerSecond = 25)
        : base(env)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(namePrefix);
        if (namePrefix.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            throw new ArgumentException($"The name prefix '{namePrefix}' has characters a file name cannot hold.", nameof(namePrefix));
        if (framesPerSecond is < 1 or > 100)
            throw new ArgumentOutOfRangeException(nameof(framesPerSecond), framesPerSecond, "A GIF plays 1 to 100 frames per second.");
        OutputDirectory = Path.GetFullPath(directory);
        NamePrefix = namePrefix;
        FramesPerSecond = framesPerSecond;
        DelayCentiseconds = (int)Math.Round(100.0 / framesPerSecond);
        _episodeTrigger = episodeTrigger ?? CappedCubicSchedule;
    }

    /// <summary>Where the GIFs go.</summary>
    public string OutputDirectory { get; }

    /// <summary>File name prefix.</summary>
    public string NamePrefix { get; }

    /// <summary>Playback rate requested.</summary>
    public int FramesPerSecond { get; }

    /// <summary>Delay of each frame in hundredths of a second: round(100 / fps).</summary>
    public int DelayCentiseconds { get; }

    /// <summary>Number of the current episode: 0 after the first reset, −1 before.</summary>
    public int EpisodeId { get; private set; } = -1;

    /// <summary>Whether the current episode is being recorded.</summary>
    public bool Recording => _gif is not null;

    /// <summary>Paths of the GIFs started so far, in order.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>Gymnasium's default schedule: perfect cubes below 1000, then every 1000th episode.</summary>
    /// <param name="episodeId">An episode number.</param>
    /// <returns>Whether to record it.</returns>
    public static bool CappedCubicSchedule(int episodeId)
    {
        if (episodeId >= 1000)
            return episodeId % 1000 == 0;
        var root = (int)Math.Round(Math.Cbrt(episodeId));
        return root * root * root == episodeId;
    }

    /// <summary>Finishes the GIF being written, if any.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        StopRecording();
    }

    /// <inheritdoc />
    protected override void OnReset(Span<float> observation, int? seed)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        StopRecording();
        Inner.Reset(observation, seed);
        EpisodeId++;
        if (!_episodeTrigger(EpisodeId))
            return;
        var frame = RenderFrame();
        var path = Path.Combine(OutputDirectory, $"{NamePrefix}-episode-{EpisodeId}.gif");
        _gif = GifEncoder.Create(path, frame.Width, frame.Height);
        _files.Add(path);
        _gif.AddFrame(frame, DelayCentiseconds);
    }

    /// <inheritdoc />
    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        var outcome = Inner.Step(action, observation);
        if (_gif is not null)
        {
            _gif.AddFrame(RenderFrame(), DelayCentiseconds);
            if (outcome.Done)
                StopRecording();
        }
        return outcome;
    }

    /// <summary>Refuses: a recorder cannot be saved.</summary>
    /// <param name="writer">Unused.</param>
    /// <exception cref="NotSupportedException">Always.</exception>
    protected override void WriteState(BinaryWriter writer) => throw Unsupported();

    /// <summary>Refuses: a recorder cannot be loaded.</summary>
    /// <param name="reader">Unused.</param>
    /// <exception cref="NotSupportedException">Always.</exception>
    protected override void ReadState(BinaryReader reader) => throw Unsupported();

    private NotSupportedException Unsupported() =>
        new($"{Id} is wrapped in RecordGif, whose state cannot be saved or loaded: it holds an open GIF file and the frames of the episode being recorded. "
            + "Save and load the environment it wraps (Inner), and wrap that in a new RecordGif.");

    private Frame RenderFrame()
    {
        try
        {
            return Inner.Render();
        }
        catch (NotSupportedException e)
        {
            throw new InvalidOperationException($"RecordGif records Render() frames, but {Id} does not render.", e);
        }
    }

    private void StopRecording()
    {
        _gif?.Dispose();
        _gif = null;
    }
}
