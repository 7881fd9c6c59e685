namespace Synaptic.ML.Trainers;

/// <summary>
/// Options every trainer has: the seed, TorchSharp's thread count, where checkpoints and the best model go,
/// progress, cancellation and extra callbacks. Each trainer's nested <c>Options</c> class derives from this
/// (through its family's options, e.g. <see cref="OnPolicyOptions"/>).
/// </summary>
public abstract class TrainerOptions
{
    /// <summary>Seed of the weights and every draw; null takes one from the <c>MLContext</c>.</summary>
    public int? Seed { get; set; }

    /// <summary>
    /// TorchSharp intra-op threads during <c>Fit</c> (the process-wide setting is restored afterwards); null leaves
    /// the setting alone. The default depends on the trainer.
    /// </summary>
    public int? TorchThreads { get; set; }

    /// <summary>Directory of checkpoints and of the best model (created if missing); null for none.</summary>
    public string? CheckpointDirectory { get; set; }

    /// <summary>
    /// Receives a <see cref="TrainingProgress"/> after every iteration, called synchronously on the training thread
    /// (implement <see cref="IProgress{T}"/> directly; <see cref="Progress{T}"/> would post each report to the
    /// thread pool, where reports can arrive out of order or after <c>Fit</c> returned).
    /// </summary>
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>Cancels training between iterations (an <see cref="OperationCanceledException"/> is thrown).</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Further callbacks, run after the trainer's own (evaluation, best model, checkpoints, progress) in this order.</summary>
    public IList<TrainingCallback> Callbacks { get; } = [];

    /// <summary>Checks the options, naming the first invalid one (<see cref="OptionChecks"/>'s style).</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    internal virtual void Validate()
    {
        if (TorchThreads is int threads)
            OptionChecks.Positive(threads, nameof(TorchThreads));
        if (CheckpointDirectory is not null)
            OptionChecks.NotEmpty(CheckpointDirectory, nameof(CheckpointDirectory));
        if (Callbacks.Any(c => c is null))
            throw new ArgumentNullException(nameof(Callbacks), "Callbacks must not hold null.");
    }
}
