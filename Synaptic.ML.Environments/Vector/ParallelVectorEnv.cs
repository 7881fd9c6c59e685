using System.Runtime.ExceptionServices;

namespace Synaptic.ML.Environments.Vector;

/// <summary>
/// A <see cref="VectorEnv"/> that spreads its sub-environments over CPU cores, for environments
/// whose steps are expensive enough to outweigh a thread hand-off (tens of microseconds or more).
/// Results are identical to <see cref="SyncVectorEnv"/>'s.
/// </summary>
/// <remarks>
/// <para>
/// Thread model: the N sub-environments are cut into <see cref="PartitionCount"/> contiguous blocks
/// (W = min(N, workerCount), by default the processor count). Block 0 runs on the calling thread;
/// blocks 1 … W−1 each belong to one dedicated background thread created with the vector
/// environment, so a sub-environment is always reset and stepped by the same thread. Each
/// <c>Reset</c>/<c>Step</c> wakes the workers, runs block 0, and waits for all blocks before
/// returning; the calling thread then sees every result. Nothing is allocated per call.
/// </para>
/// <para>
/// An exception in any block is rethrown on the calling thread after all blocks finish; the
/// vector environment should then be reset. Dispose it to stop the worker threads.
/// </para>
/// </remarks>
public sealed class ParallelVectorEnv : VectorEnv
{
    private readonly int[] _blockStart;
    private readonly Thread[] _workers;
    private readonly SemaphoreSlim[] _wake;
    // SemaphoreSlim's synchronous Wait and Release allocate nothing, even when they block.
    private readonly SemaphoreSlim _finished = new(0);
    private ExceptionDispatchInfo? _failure;
    private volatile bool _stopping;
    private bool _disposed;

    /// <summary>Creates <paramref name="numEnvs"/> sub-environments with <paramref name="factory"/> and starts the worker threads.</summary>
    /// <param name="factory">Creates one new, independent sub-environment per call (on the constructing thread).</param>
    /// <param name="numEnvs">Number of sub-environments, positive.</param>
    /// <param name="autoresetMode">When finished sub-environments restart.</param>
    /// <param name="workerCount">Number of blocks run at once, the caller's included; defaults to <see cref="Environment.ProcessorCount"/>.</param>
    public ParallelVectorEnv(Func<Env> factory, int numEnvs, AutoresetMode autoresetMode = AutoresetMode.NextStep, int? workerCount = null)
        : base(factory, numEnvs, autoresetMode)
    {
        if (workerCount is int requested)
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requested, nameof(workerCount));
        var blocks = Math.Min(numEnvs, workerCount ?? Environment.ProcessorCount);
        _blockStart = new int[blocks + 1];
        for (var b = 0; b <= blocks; b++)
            _blockStart[b] = (int)((long)numEnvs * b / blocks);
        _wake = new SemaphoreSlim[blocks - 1];
        _workers = new Thread[blocks - 1];
        for (var w = 0; w < _workers.Length; w++)
        {
            _wake[w] = new SemaphoreSlim(0, 1);
            var block = w + 1;
            _workers[w] = new Thread(() => Work(block)) { IsBackground = true, Name = $"ParallelVectorEnv block {block}" };
            _workers[w].Start();
        }
    }

    /// <summary>Number of blocks stepped at once (the calling thread runs one).</summary>
    public int PartitionCount => _blockStart.Length - 1;

    /// <summary>First sub-environment of each block, then N: block b holds [start[b], start[b+1]).</summary>
    public ReadOnlySpan<int> PartitionStarts => _blockStart;

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (_disposed)
            return;
        _disposed = true;
        if (disposing)
        {
            _stopping = true;
            foreach (var wake in _wake)
                wake.Release();
            foreach (var worker in _workers)
                worker.Join();
            foreach (var wake in _wake)
                wake.Dispose();
            _finished.Dispose();
        }
        base.Dispose(disposing);
    }

    private protected override void Run()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var wake in _wake)
            wake.Release();
        try
        {
            RunRange(_blockStart[0], _blockStart[1]);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
        }
        for (var w = 0; w < _workers.Length; w++)
            _finished.Wait();
        if (Interlocked.Exchange(ref _failure, null) is { } failure)
            failure.Throw();
    }

    private void Work(int block)
    {
        var wake = _wake[block - 1];
        while (true)
        {
            wake.Wait();
            if (_stopping)
                return;
            try
            {
                RunRange(_blockStart[block], _blockStart[block + 1]);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
            }
            finally
            {
                _finished.Release();
            }
        }
    }
}
