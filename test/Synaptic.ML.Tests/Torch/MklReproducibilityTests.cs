using Synaptic.ML.Torch;

namespace Synaptic.ML.Tests.Torch;

[TestClass]
public sealed class MklReproducibilityTests
{
    private const string ExpectedModeVariable = "SYNAPTIC_TEST_EXPECTED_MKL_MODE";

    /// <summary>MKL reports the mode asked for: the suite's COMPATIBLE here, the library's default in the child run below.</summary>
    [TestMethod]
    public void MklRunsInTheModeTheEnvironmentAskedFor()
    {
        var expected = Environment.GetEnvironmentVariable(ExpectedModeVariable) ?? TestAssembly.MklMode;
        Assert.AreEqual(expected, MklReproducibility.CurrentMode, "MKL_CBWR is set before libtorch's first use; MKL must report that mode.");
    }

    [TestMethod]
    public void WhereTheProcessDidNotChooseTheLibraryAsksForAutoStrict() =>
        // The child inherits neither the suite's MKL_CBWR nor its override of it.
        ChildTestRun.AssertPasses(ChildTestRun.Methods<MklReproducibilityTests>(nameof(MklRunsInTheModeTheEnvironmentAskedFor)), expectedPassed: 1,
            new Dictionary<string, string?>
            {
                [MklReproducibility.Variable] = null,
                [TestAssembly.KeepMklDefaultVariable] = "1",
                [ExpectedModeVariable] = MklReproducibility.DefaultMode,
            });
}
