using Synaptic.ML.Torch;

namespace Synaptic.ML.Tests.Torch;

[TestClass]
public sealed class MklReproducibilityTests
{
    [TestMethod]
    public void MklRunsInTheModeTheEnvironmentAskedFor() =>
        Assert.AreEqual(TestAssembly.MklMode, MklReproducibility.CurrentMode, "The suite sets MKL_CBWR before libtorch's first use; MKL must report that mode.");
}
