namespace Synaptic.ML.Trainers;

/// <summary>
/// Writes every metric a run records to a TensorBoard log directory, as scalars: each row of the run's
/// <see cref="TrainingHistory"/> — an iteration's metrics with its evaluation, a finished episode's return and length —
/// becomes one event at the row's step (environment steps, episodes or rows, as the history counts them), its values
/// tagged with their keys (<c>train/policy_loss</c>, <c>rollout/episode_return</c>, <c>spikes/layer0/rate</c>). The file
/// is flushed after every iteration, so <c>tensorboard --logdir</c> on the directory follows training as it goes.
/// </summary>
/// <remarks>
/// <para>Each <c>Fit</c> writes a new event file (<c>events.out.tfevents.…</c>) in the directory and closes it when
/// training ends. Give each run its own directory: TensorBoard shows one directory as one run.</para>
/// <para>A run resumed from a checkpoint writes its file into the same directory, starting with a restart marker at the
/// first step after the checkpoint: TensorBoard drops what the interrupted run wrote past the checkpoint, and the
/// curves continue from it. Rows the checkpoint holds but no earlier file has (the interrupted run had no TensorBoard
/// callback) are written first.</para>
/// <para>TensorBoard's scalars are 32-bit floats, so the values are rounded to float; the history keeps the doubles.
/// Dispose the callback when <c>Fit</c> may throw, to close the file of a run that did not end.</para>
/// </remarks>
/// <example>
/// <code>
/// var options = new PpoTrainer.Options { EnvironmentId = "CartPole-v1", TotalTimesteps = 100_000 };
/// using var tensorBoard = new TensorBoardCallback("runs/ppo-cartpole");
/// options.Callbacks.Add(tensorBoard);
/// var policy = ml.Synaptic().Trainers.Ppo(options).Fit(data);
/// // tensorboard --logdir runs
/// </code>
/// </example>
public sealed class TensorBoardCallback : TrainingCallback, IDisposable
{
    private TensorBoardEventFile? _file;
    private TrainingHistory? _history;
    private int _written;
    private int? _checkpointed;

    /// <summary>Creates the callback.</summary>
    /// <param name="logDirectory">The directory of the event files (created if missing): one per run.</param>
    /// <exception cref="ArgumentException"><paramref name="logDirectory"/> is null, empty or white space.</exception>
    public TensorBoardCallback(string logDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(logDirectory);
        LogDirectory = logDirectory;
    }

    /// <summary>The directory of the event files.</summary>
    public string LogDirectory { get; }

    /// <summary>The event file of the current or last <c>Fit</c>, or null before the first.</summary>
    public string? EventFile { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainingStart(TrainingRun run)
    {
        // A file still open here belongs to a Fit that threw.
        _file?.Dispose();
        _history = run.History;
        // A resumed run's history holds the checkpoint's rows; those the interrupted run wrote are not written again.
        _written = run.IsResumed && _checkpointed is int written ? Math.Min(written, run.History.Rows.Count) : 0;
        _checkpointed = null;
        _file = new TensorBoardEventFile(LogDirectory);
        EventFile = _file.FilePath;
        WritePending();
        if (run.IsResumed)
            _file.WriteRestart(run.Steps + 1);
        _file.Flush();
    }

    /// <inheritdoc/>
    public override void OnIterationRecorded(TrainingRun run)
    {
        WritePending();
        _file?.Flush();
    }

    /// <inheritdoc/>
    public override void OnTrainingEnd(TrainingRun run)
    {
        WritePending();
        Dispose();
    }

    /// <summary>Saves how many history rows the log holds (all of the checkpoint's), so that a resumed run does not write them again.</summary>
    /// <param name="writer">The checkpoint.</param>
    public override void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_history?.Rows.Count ?? 0);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    /// <param name="reader">The checkpoint.</param>
    /// <exception cref="InvalidDataException">The saved row count is negative.</exception>
    public override void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = reader.ReadInt32();
        _checkpointed = rows >= 0 ? rows : throw new InvalidDataException($"The TensorBoard callback's checkpoint state says {rows} rows were written.");
    }

    /// <summary>Closes the event file of a run that did not end (a <c>Fit</c> that threw); nothing otherwise.</summary>
    public void Dispose()
    {
        _file?.Dispose();
        _file = null;
        _history = null;
    }

    private void WritePending()
    {
        if (_file is null || _history is null)
            return;
        var rows = _history.Rows;
        for (; _written < rows.Count; _written++)
        {
            var row = rows[_written];
            if (row.Values.Count > 0)
                _file.WriteScalars(row.Step, row.Values);
        }
    }
}
