using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace Synaptic.ML.Trainers;

/// <summary>
/// What every trainer shares, whatever it learns: the ML.NET estimator surface, the host and its log channel,
/// the seed, the TorchSharp scope (availability check and thread count), the training clock that pauses for
/// evaluations, cancellation, the history of keyed metrics, checkpoints, and the callbacks that evaluate,
/// keep the best model, checkpoint, stop at a target and report progress. A trainer's loop is
/// "iterate, record metrics, <see cref="EndIteration"/>" (Stable-Baselines3's <c>learn()</c>).
/// </summary>
/// <typeparam name="TOptions">The trainer's options.</typeparam>
/// <typeparam name="TModel">The trained model.</typeparam>
public abstract class TrainerBase<TOptions, TModel> : IEstimator<TModel>
    where TOptions : TrainerOptions
    where TModel : class, ITransformer
{
    private List<TrainingCallback> _callbacks = [];

    private protected TrainerBase(MLContext context, TOptions options, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        Context = context;
        Host = ((IHostEnvironment)context).Register(name);
        Name = name;
        TrainerOptions = options;
        // Invalid options surface here, when the estimator is made, and again when Fit starts (options are mutable).
        options.Validate();
    }

    /// <summary>The options (read when <see cref="Fit"/> starts).</summary>
    public TOptions TrainerOptions { get; }

    /// <summary>The caller's context: models and checkpoints are saved through it.</summary>
    private protected MLContext Context { get; }

    private protected IHost Host { get; }

    private protected string Name { get; }

    /// <summary>
    /// Trains a model. The trainer checks <paramref name="input"/> first (its schema, or its rows when the trainer
    /// learns from them), then draws the seed, enters the TorchSharp scope and runs its loop.
    /// </summary>
    /// <param name="input">The training data (for environment trainers, a view whose schema has the observation column).</param>
    /// <returns>The trained model.</returns>
    /// <exception cref="ArgumentException">Invalid options or input; the message names the option, column, size or value.</exception>
    /// <exception cref="OperationCanceledException">The options' cancellation token was cancelled.</exception>
    /// <exception cref="InvalidOperationException">TorchSharp cannot load on this machine (the message says why), or training failed on bad data (named).</exception>
    public TModel Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        TrainerOptions.Validate();
        CheckInput(input);
        var seed = TrainerOptions.Seed ?? Host.Rand.Next();
        using var torch = UsesTorch ? TorchScope.Enter(TrainerOptions.TorchThreads) : null;
        return UsesTorch && FlushesDenormals ? DenormalFlush.Run(() => Train(seed)) : Train(seed);
    }

    /// <inheritdoc/>
    public abstract SchemaShape GetOutputSchema(SchemaShape inputSchema);

    /// <summary>Whether training uses TorchSharp (then <c>Fit</c> checks that libtorch loads and sets its threads). Managed trainers override with false.</summary>
    private protected virtual bool UsesTorch => true;

    /// <summary>
    /// Whether training runs on a thread of its own that flushes subnormal floats to zero (<see cref="DenormalFlush"/>):
    /// on for trainers whose updates drive values into the subnormal range, where x86 arithmetic slows many times. Off
    /// by default, so results of the others stay bit for bit what they were. Progress reports and callbacks then come
    /// from that thread.
    /// </summary>
    private protected virtual bool FlushesDenormals => false;

    /// <summary>Checks (and reads, for trainers that learn from rows) the training data, before the seed is drawn.</summary>
    private protected abstract void CheckInput(IDataView input);

    /// <summary>Builds the model from <paramref name="seed"/> and runs the training loop.</summary>
    private protected abstract TModel Train(int seed);

    /// <summary>The trainer's own callbacks (evaluation, best model, checkpoints), in order, built from its options.</summary>
    private protected virtual IEnumerable<TrainingCallback> CreateCallbacks(ITrainingSubject subject) => [];

    /// <summary>The metric that progress averages, and on which rows it is recorded.</summary>
    private protected abstract (string Key, MetricRowKind Rows) Headline { get; }

    /// <summary>
    /// Starts the loop: the log channel, the run, the callbacks (the trainer's, progress, then the user's), and,
    /// when <paramref name="resumeFrom"/> is given, everything a checkpoint holds.
    /// </summary>
    private protected TrainingRun BeginRun(ITrainingSubject subject, int seed, long totalSteps, string stepUnit, TrainingHistory history, string? resumeFrom, string description)
    {
        var channel = Host.Start("Training");
        var run = new TrainingRun(Name, channel, seed, totalSteps, stepUnit, history, TrainerOptions.CancellationToken);
        _callbacks = [.. CreateCallbacks(subject), new ProgressCallback(TrainerOptions.Progress, Headline.Key, Headline.Rows), .. TrainerOptions.Callbacks];
        if (resumeFrom is not null)
        {
            var resumable = subject as IResumableTraining ?? throw new NotSupportedException($"{Name} cannot resume from a checkpoint.");
            TrainingCheckpoint.Load(resumeFrom, resumable.Identity, reader =>
            {
                run.Restore(reader);
                ReadCallbackStates(reader);
                resumable.ReadState(reader);
                history.ReadFrom(reader);
            });
            run.IsResumed = true;
        }
        run.Log($"{Name}: {description}, seed {seed}{(run.IsResumed ? $", resumed from '{resumeFrom}' at iteration {run.Iteration}" : "")}.");
        foreach (var callback in _callbacks)
            callback.OnTrainingStart(run);
        return run;
    }

    /// <summary>
    /// Ends an iteration: pauses the clock, runs the callbacks, writes the iteration's metrics to the history, and
    /// resumes the clock.
    /// </summary>
    /// <returns>False when a callback asked to stop.</returns>
    private protected bool EndIteration(TrainingRun run)
    {
        run.Clock.Pause();
        run.Record(MetricKeys.Seconds, run.Clock.Seconds);
        foreach (var callback in _callbacks)
            callback.OnIteration(run);
        run.CommitIteration();
        foreach (var callback in _callbacks)
            callback.OnIterationRecorded(run);
        run.Clock.Resume();
        return !run.StopRequested;
    }

    /// <summary>Ends the loop: the callbacks' last word (the best model is put back), and the log channel closes.</summary>
    private protected void EndRun(TrainingRun run)
    {
        run.Clock.Pause();
        foreach (var callback in _callbacks)
            callback.OnTrainingEnd(run);
        run.Channel.Dispose();
    }

    // Each callback's state is saved under its type name with its length, so a run resumed with other options
    // (e.g. without a checkpoint directory, so without the best-model keeper) reads the states of the callbacks
    // it has and passes over the others, rather than reading one callback's bytes as another's.
    private void WriteCallbackStates(BinaryWriter writer)
    {
        var states = _callbacks.Select(c => (Name: c.GetType().FullName!, State: StateOf(c))).Where(s => s.State.Length > 0).ToArray();
        writer.Write(states.Length);
        foreach (var (name, state) in states)
        {
            writer.Write(name);
            writer.Write(state.Length);
            writer.Write(state);
        }
    }

    private void ReadCallbackStates(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > 10_000)
            throw new InvalidDataException($"The checkpoint holds {count} callback states.");
        var saved = new Dictionary<string, Queue<byte[]>>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            var state = reader.ReadBytes(reader.ReadInt32());
            if (!saved.TryGetValue(name, out var queue))
                saved[name] = queue = new Queue<byte[]>();
            queue.Enqueue(state);
        }
        foreach (var callback in _callbacks)
        {
            if (!saved.TryGetValue(callback.GetType().FullName!, out var queue) || queue.Count == 0)
                continue;
            using var state = new BinaryReader(new MemoryStream(queue.Dequeue()));
            callback.ReadState(state);
        }
    }

    private static byte[] StateOf(TrainingCallback callback)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            callback.WriteState(writer);
        return stream.ToArray();
    }

    /// <summary>Writes a resumable checkpoint of the run (see <see cref="TrainingCheckpoint"/>).</summary>
    private protected void SaveCheckpoint(IResumableTraining subject, TrainingRun run, string path) =>
        TrainingCheckpoint.Save(path, subject.Identity, writer =>
        {
            run.Write(writer);
            WriteCallbackStates(writer);
            subject.WriteState(writer);
            run.History.Write(writer);
        });
}
