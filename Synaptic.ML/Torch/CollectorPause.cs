using System.Runtime;

namespace Synaptic.ML.Torch;

/// <summary>
/// Runs a piece of TorchSharp work with the garbage collector held off (a no-GC region), so that the native scalars
/// TorchSharp makes on the fly from doubles cannot be finalized while libtorch still reads them.
/// </summary>
/// <remarks>
/// TorchSharp 0.107 turns a <c>double</c> argument — <c>t * 0.5</c>, <c>t.add_(1e-5)</c>, and the <c>alpha = 1</c> of every
/// <c>a + b</c> — into a <c>Scalar</c> whose finalizer deletes the native object, and passes only its handle: nothing keeps
/// the temporary alive through the call, so a collection at that moment lets the finalizer thread free it mid-call. Long
/// runs died of it (A2C on MinAtar Breakout, after 250,000–850,000 environment steps: "Unknown scalar type", failed float
/// conversions of scalars no code passed). Held in a variable a scalar is safe (<see cref="AdamOptimizer"/> does that);
/// code full of operators is guarded here instead: with no collection during the work, no temporary made in it can be
/// finalized before the work is done. Work that allocates more than the region's budget ends the region early (the
/// runtime then collects as usual); nesting is harmless (an inner region does not start). The region is one for the
/// whole process, so work on several threads at once (runs trained in parallel) shares it: the first to enter starts
/// it, the last to leave ends it, and an entrant finding it lapsed starts it again.
/// </remarks>
internal static class CollectorPause
{
    // Managed allocations a training update makes (tensor and scalar wrappers): well under this.
    private const long Budget = 16L << 20;

    // Starting and ending the process's region are checked and done under one lock: without it, two threads could
    // both find no region and both start one (the second throws), or one could end the region the other still needs.
    private static readonly Lock Gate = new();
    private static int _holders;
    private static bool _started;

    /// <summary>Runs <paramref name="work"/> with collections held off, and returns its result.</summary>
    /// <typeparam name="T">The result.</typeparam>
    /// <param name="work">The work.</param>
    /// <returns>What <paramref name="work"/> returned.</returns>
    public static T Run<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (Gate)
        {
            _holders++;
            if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion)
                _started = GC.TryStartNoGCRegion(Budget, disallowFullBlockingGC: true) || _started;
        }
        try
        {
            return work();
        }
        finally
        {
            lock (Gate)
            {
                // The region ends by itself when the work allocated more than the budget; end it only if it is still on.
                if (--_holders == 0 && _started)
                {
                    _started = false;
                    if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
                        GC.EndNoGCRegion();
                }
            }
        }
    }
}
