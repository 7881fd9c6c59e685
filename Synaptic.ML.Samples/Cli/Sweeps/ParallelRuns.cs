using System.Collections.Concurrent;
using Synaptic.ML.Torch;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// Trains a batch of runs (a sweep's configurations × seeds, a comparison's algorithms × seeds) in parallel within
/// the machine, each through <see cref="ExperimentRunner.Train"/> into its own folder with a quiet display, writing a
/// line as each ends. A run that fails is reported and the others go on. When the batch is asked to stop (Ctrl+C),
/// running runs stop with a checkpoint and no new one starts. Run again over the same folders, a batch keeps the
/// completed runs, continues the interrupted ones from their checkpoints and starts the rest afresh.
/// </summary>
public static class ParallelRuns
{
    /// <summary>How many runs to train at once by default: one per processor, each on <paramref name="torchThreads"/> libtorch threads.</summary>
    /// <param name="runs">How many runs there are.</param>
    /// <param name="torchThreads">The libtorch threads of a run (null for a run that does not use libtorch: one thread).</param>
    /// <returns>At least 1, at most <paramref name="runs"/>.</returns>
    public static int DefaultParallelism(int runs, int? torchThreads) =>
        Math.Clamp(Environment.ProcessorCount / Math.Max(1, torchThreads ?? 1), 1, Math.Max(1, runs));

    /// <summary>Trains <paramref name="requests"/>, at most <paramref name="parallelism"/> at once.</summary>
    /// <param name="requests">The runs, each with a <see cref="TrainRequest.Name"/>.</param>
    /// <param name="parallelism">How many at once.</param>
    /// <param name="torchThreads">
    /// The libtorch thread count to hold during the batch, or null to leave it alone. libtorch's thread count is one
    /// setting for the whole process, which each run sets and restores: runs overlapping in time would otherwise restore
    /// each other's settings out of order.
    /// </param>
    /// <param name="output">Where a line per ended run goes.</param>
    /// <param name="stop">Signalled to stop the batch.</param>
    /// <returns>The outcomes, in the order of <paramref name="requests"/>.</returns>
    public static IReadOnlyList<RunOutcome> Run(IReadOnlyList<TrainRequest> requests, int parallelism, int? torchThreads, TextWriter output, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parallelism);
        var outcomes = new RunOutcome[requests.Count];
        var ended = 0;
        using var threads = torchThreads is int t ? TorchScope.Enter(t) : null;
        // No buffering: a worker takes the next run only when it is free, so slow and fast runs share out evenly.
        var order = Partitioner.Create(Enumerable.Range(0, requests.Count), EnumerablePartitionerOptions.NoBuffering);
        Parallel.ForEach(order, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, i =>
        {
            outcomes[i] = stop.IsCancellationRequested
                ? new RunOutcome(requests[i], "not started", null, null, 0, null)
                : RunOne(requests[i], stop);
            var n = Interlocked.Increment(ref ended);
            lock (output)
                output.WriteLine($"[{n}/{requests.Count}] {outcomes[i]}");
        });
        return outcomes;
    }

    private static RunOutcome RunOne(TrainRequest request, CancellationToken stop)
    {
        if (request.Name is null)
            throw new ArgumentException("Each run of a batch needs a name.", nameof(request));
        var folder = new ExperimentFolder(Path.GetFullPath(Path.Combine(request.ExperimentsDirectory, request.Name)));
        try
        {
            if (folder.Exists)
            {
                var earlier = ExperimentConfig.Load(folder.Config);
                if (earlier.Status == "completed" && File.Exists(folder.Evaluation))
                    return new RunOutcome(request, "reused", folder, FinishedRun.Read(folder.Root).Evaluation, earlier.Seconds ?? 0, null);
                if (earlier.Status == "interrupted" && folder.LatestCheckpoint is not null && AlgorithmRegistry.Get(earlier.Algorithm).CanResume)
                    request = request with { Resume = folder.Root };
                else
                    Directory.Delete(folder.Root, recursive: true);   // a run that died mid-way: start it again
            }
            var result = ExperimentRunner.Train(request, new PlainTrainingDisplay(TextWriter.Null, quiet: true), stop);
            return new RunOutcome(request, result.Interrupted ? "interrupted" : "completed", result.Folder, result.Evaluation, result.Config.Seconds ?? 0, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new RunOutcome(request, "failed", folder.Exists ? folder : null, null, 0, e.Message);
        }
    }
}
