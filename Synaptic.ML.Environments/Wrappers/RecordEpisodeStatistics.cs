using System.Diagnostics;

namespace Synaptic.ML.Environments.Wrappers;

/// <summary>
/// Tracks each episode's return, length and duration, as Gymnasium's <c>RecordEpisodeStatistics</c>:
/// the step that ends an episode (terminated or truncated) adds <c>Info["episode"]</c>, an
/// <see cref="EpisodeStatistics"/> holding return r, length l and time t, and the last
/// <see cref="BufferLength"/> episodes stay available in <see cref="ReturnQueue"/>,
/// <see cref="LengthQueue"/> and <see cref="TimeQueue"/>.
/// </summary>
/// <remarks>
/// Steps allocate nothing; the one <see cref="EpisodeStatistics"/> per finished episode is the only
/// allocation. A reset in mid-episode starts a new count without recording the unfinished one.
/// </remarks>
public sealed class RecordEpisodeStatistics : Wrapper
{
    private readonly InfoOverlay _info;
    private readonly RecentValues<double> _returns;
    private readonly RecentValues<int> _lengths;
    private readonly RecentValues<double> _times;
    private long _startTimestamp;

    /// <summary>Wraps <paramref name="env"/>.</summary>
    /// <param name="env">The environment.</param>
    /// <param name="bufferLength">How many recent episodes the queues keep (Gymnasium: 100).</param>
    /// <param name="statsKey">The info key of the statistics (Gymnasium: "episode").</param>
    public RecordEpisodeStatistics(Env env, int bufferLength = 100, string statsKey = "episode")
        : base(env)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferLength);
        ArgumentException.ThrowIfNullOrWhiteSpace(statsKey);
        StatsKey = statsKey;
        _info = new InfoOverlay(env, InfoEntries);
        _returns = new RecentValues<double>(bufferLength);
        _lengths = new RecentValues<int>(bufferLength);
        _times = new RecentValues<double>(bufferLength);
    }

    /// <summary>The wrapped environment's info, plus <see cref="StatsKey"/> on the step that ends an episode.</summary>
    public override IReadOnlyDictionary<string, object> Info => _info;

    /// <summary>The info key of the statistics.</summary>
    public string StatsKey { get; }

    /// <summary>How many recent episodes the queues keep.</summary>
    public int BufferLength => _returns.Capacity;

    /// <summary>Episodes finished since construction.</summary>
    public int EpisodeCount { get; private set; }

    /// <summary>Return of the current episode so far.</summary>
    public double EpisodeReturn { get; private set; }

    /// <summary>Steps of the current episode so far.</summary>
    public int EpisodeLength { get; private set; }

    /// <summary>Returns of the last <see cref="BufferLength"/> finished episodes, oldest first.</summary>
    public IReadOnlyList<double> ReturnQueue => _returns;

    /// <summary>Lengths of the last <see cref="BufferLength"/> finished episodes, oldest first.</summary>
    public IReadOnlyList<int> LengthQueue => _lengths;

    /// <summary>Durations in seconds of the last <see cref="BufferLength"/> finished episodes, oldest first.</summary>
    public IReadOnlyList<double> TimeQueue => _times;

    /// <inheritdoc />
    protected override void OnReset(Span<float> observation, int? seed)
    {
        Inner.Reset(observation, seed);
        _startTimestamp = Stopwatch.GetTimestamp();
        EpisodeReturn = 0;
        EpisodeLength = 0;
    }

    /// <inheritdoc />
    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        var outcome = Inner.Step(action, observation);
        EpisodeReturn += outcome.Reward;
        EpisodeLength++;
        if (outcome.Done)
        {
            if (Inner.Info.ContainsKey(StatsKey))
                throw new InvalidOperationException(
                    $"{Id}'s info already holds '{StatsKey}' (is RecordEpisodeStatistics applied twice?); pass another statsKey.");
            var time = Math.Round(Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds, 6);
            InfoEntries[StatsKey] = new EpisodeStatistics(EpisodeReturn, EpisodeLength, time);
            _returns.Add(EpisodeReturn);
            _lengths.Add(EpisodeLength);
            _times.Add(time);
            EpisodeCount++;
            _startTimestamp = Stopwatch.GetTimestamp();
        }
        return outcome;
    }

    /// <summary>
    /// Writes the wrapped environment's state, the running episode's return and length, the
    /// episode count, the queues and the wall-clock time the running episode has taken so far.
    /// </summary>
    /// <remarks>
    /// Time is not reproducible: after loading, the running episode's time counts on from the saved
    /// elapsed time, leaving out the time between saving and loading.
    /// </remarks>
    /// <param name="writer">Destination.</param>
    protected override void WriteState(BinaryWriter writer)
    {
        base.WriteState(writer);
        writer.Write(BufferLength);
        writer.Write(EpisodeCount);
        writer.Write(EpisodeReturn);
        writer.Write(EpisodeLength);
        writer.Write(Stopwatch.GetElapsedTime(_startTimestamp).Ticks);
        writer.Write(_returns.Count);
        for (var i = 0; i < _returns.Count; i++)
        {
            writer.Write(_returns[i]);
            writer.Write(_lengths[i]);
            writer.Write(_times[i]);
        }
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    /// <param name="reader">Source.</param>
    /// <exception cref="InvalidDataException">The queues were saved with another buffer length.</exception>
    protected override void ReadState(BinaryReader reader)
    {
        base.ReadState(reader);
        var bufferLength = reader.ReadInt32();
        if (bufferLength != BufferLength)
            throw new InvalidDataException($"The saved episode statistics of {Id} keep the last {bufferLength} episodes; this wrapper keeps {BufferLength}.");
        var episodeCount = reader.ReadInt32();
        var episodeReturn = reader.ReadDouble();
        var episodeLength = reader.ReadInt32();
        var elapsed = TimeSpan.FromTicks(reader.ReadInt64());
        var queued = reader.ReadInt32();
        if (queued < 0 || queued > bufferLength)
            throw new InvalidDataException($"The saved episode statistics of {Id} queue {queued} episodes; the queues hold 0 to {bufferLength}.");
        _returns.Clear();
        _lengths.Clear();
        _times.Clear();
        for (var i = 0; i < queued; i++)
        {
            _returns.Add(reader.ReadDouble());
            _lengths.Add(reader.ReadInt32());
            _times.Add(reader.ReadDouble());
        }
        EpisodeCount = episodeCount;
        EpisodeReturn = episodeReturn;
        EpisodeLength = episodeLength;
        _startTimestamp = Stopwatch.GetTimestamp() - (long)(elapsed.TotalSeconds * Stopwatch.Frequency);
    }
}
