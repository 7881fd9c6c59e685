using Synaptic.ML.Torch;
using TorchSharp;

namespace Synaptic.ML.Tests.Torch;

/// <summary>The thread scope every trainer enters: it sets libtorch's process-wide thread count and puts the previous one back.</summary>
[TestClass]
public sealed class TorchScopeTests
{
    [TestMethod]
    public void TheScopeSetsTheThreadCountAndRestoresIt()
    {
        var before = torch.get_num_threads();
        var other = before == 1 ? 2 : 1;
        using (TorchScope.Enter(other))
            Assert.AreEqual(other, torch.get_num_threads());
        Assert.AreEqual(before, torch.get_num_threads());
        using (TorchScope.Enter(null))
            Assert.AreEqual(before, torch.get_num_threads(), "null leaves the setting alone.");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TorchScope.Enter(0));
        Assert.AreEqual(before, torch.get_num_threads());
    }
}
