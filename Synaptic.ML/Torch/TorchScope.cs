using TorchSharp;

namespace Synaptic.ML.Torch;

/// <summary>
/// The TorchSharp settings of one piece of work (a <c>Fit</c>, a benchmark): checks once that libtorch loads
/// (with <see cref="TorchRuntime"/>'s clear message when it does not), sets the intra-op thread count for the
/// duration and restores the process-wide setting on <see cref="Dispose"/>.
/// </summary>
/// <remarks>
/// Small policy networks are fastest on one thread, and one thread also makes results bit-reproducible; the
/// thread count is process-wide in libtorch, hence the restore.
/// </remarks>
public sealed class TorchScope : IDisposable
{
    private readonly int _previousThreads;
    private bool _disposed;

    private TorchScope(int? threads)
    {
        TorchRuntime.EnsureAvailable();
        _previousThreads = torch.get_num_threads();
        if (threads is int t)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(t, nameof(threads));
            torch.set_num_threads(t);
        }
    }

    /// <summary>Enters a scope: checks that TorchSharp loads and sets the thread count.</summary>
    /// <param name="threads">Intra-op threads for the scope; null leaves the setting alone.</param>
    /// <returns>The scope; dispose it to restore the previous thread count.</returns>
    /// <exception cref="InvalidOperationException">TorchSharp's native libraries cannot be loaded (the message says why and what to do).</exception>
    public static TorchScope Enter(int? threads = null) => new(threads);

    /// <summary>Restores the thread count that was set before the scope.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        torch.set_num_threads(_previousThreads);
    }
}
