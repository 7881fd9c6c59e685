using System.Runtime;
using Synaptic.ML.Torch;

namespace Synaptic.ML.Tests.Torch;

[TestClass]
public sealed class CollectorPauseTests
{
    [TestMethod]
    public void WorkRunsWithoutCollectionsAndTheSettingIsRestoredAfter()
    {
        var before = GCSettings.LatencyMode;
        var (inside, nestedInside, collectionsDuring) = CollectorPause.Run(() =>
        {
            // (Starting the region may collect first, to make room; none may happen after.)
            var collections = GC.CollectionCount(0);
            // Small allocations, as a training update makes: no collection may happen while they are made.
            var keep = new List<byte[]>();
            for (var i = 0; i < 1_000; i++)
                keep.Add(new byte[1_000]);
            var nested = CollectorPause.Run(() => GCSettings.LatencyMode);
            return (GCSettings.LatencyMode, nested, GC.CollectionCount(0) - collections);
        });
        Assert.AreEqual(GCLatencyMode.NoGCRegion, inside, "the work ran in a no-GC region");
        Assert.AreEqual(GCLatencyMode.NoGCRegion, nestedInside, "a nested pause runs inside the outer region without ending it");
        Assert.AreEqual(before, GCSettings.LatencyMode, "the latency mode is restored");
        Assert.AreEqual(0, collectionsDuring, "no collection during the work");
    }

    [TestMethod]
    public void AnExceptionStillEndsTheRegion()
    {
        var before = GCSettings.LatencyMode;
        Assert.ThrowsExactly<InvalidOperationException>(() => CollectorPause.Run<int>(() => throw new InvalidOperationException("named")));
        Assert.AreEqual(before, GCSettings.LatencyMode);
    }
    [TestMethod]
    public void WorkOnSeveralThreadsAtOnceSharesTheRegionUntilTheLastLeaves()
    {
        // Runs trained in parallel in one process (synaptic sweep) pause the collector at overlapping times: the
        // second must neither fail to start the process's region nor lose it when the first leaves.
        var before = GCSettings.LatencyMode;
        using var bothInside = new Barrier(2);
        using var firstLeft = new ManualResetEventSlim();
        var errors = new Exception?[2];
        var afterFirstLeft = GCLatencyMode.Batch;
        var threads = new[]
        {
            new Thread(() => Capture(0, () =>
            {
                CollectorPause.Run(() => bothInside.SignalAndWait(TimeSpan.FromSeconds(30)));
                firstLeft.Set();
            })),
            new Thread(() => Capture(1, () => CollectorPause.Run(() =>
            {
                bothInside.SignalAndWait(TimeSpan.FromSeconds(30));
                firstLeft.Wait(TimeSpan.FromSeconds(30));
                afterFirstLeft = GCSettings.LatencyMode;
                return 0;
            }))),
        };
        foreach (var thread in threads)
            thread.Start();
        foreach (var thread in threads)
            thread.Join();
        Assert.IsNull(errors[0], errors[0]?.ToString());
        Assert.IsNull(errors[1], errors[1]?.ToString());
        Assert.AreEqual(GCLatencyMode.NoGCRegion, afterFirstLeft, "the region lasts while the second work runs");
        Assert.AreEqual(before, GCSettings.LatencyMode, "the last to leave ends it");

        void Capture(int i, Action work)
        {
            try
            {
                work();
            }
            catch (Exception e)
            {
                errors[i] = e;
            }
        }
    }
}
