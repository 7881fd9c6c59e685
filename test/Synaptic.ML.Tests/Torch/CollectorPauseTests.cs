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
}
