using Synaptic.ML.Torch;
using TorchSharp;

namespace Synaptic.ML.Tests.Torch;

[TestClass]
public sealed class DenormalFlushTests
{
    // 1e-39 is below float's smallest normal number (1.18e-38): a subnormal.
    private const float Subnormal = 1e-39f;

    private static float TimesOne(float value)
    {
        using var x = torch.tensor(new[] { value });
        using var y = x * 1.0f;
        return y.item<float>();
    }

    [TestMethod]
    public void WorkRunsFlushedOnItsOwnThreadAndTheCallerIsLeftAsItWas()
    {
        Assert.AreEqual(Subnormal, TimesOne(Subnormal), "without flushing a subnormal survives arithmetic");
        var caller = Environment.CurrentManagedThreadId;
        var (inside, thread) = DenormalFlush.Run(() => (TimesOne(Subnormal), Environment.CurrentManagedThreadId));
        Assert.AreEqual(0f, inside, "flushing reads a subnormal input as zero");
        Assert.AreNotEqual(caller, thread, "the work ran on a thread of its own");
        Assert.AreEqual(Subnormal, TimesOne(Subnormal), "the calling thread never flushed");
    }

    [TestMethod]
    public void AnExceptionOfTheWorkIsRethrownOnTheCaller()
    {
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => DenormalFlush.Run<int>(() => throw new InvalidOperationException("bad input named here")));
        Assert.AreEqual("bad input named here", ex.Message);
    }
}
