using System.Diagnostics;
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
    public void WhereTheProcessDidNotChooseTheLibraryAsksForAutoStrict()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        // The child inherits neither the suite's MKL_CBWR nor its override of it.
        start.Environment.Remove(MklReproducibility.Variable);
        start.Environment[TestAssembly.KeepMklDefaultVariable] = "1";
        start.Environment[ExpectedModeVariable] = MklReproducibility.DefaultMode;
        foreach (var argument in new[] { "test", Path.Combine(AppContext.BaseDirectory, "Synaptic.ML.Tests.dll"), "--filter",
            $"FullyQualifiedName={typeof(MklReproducibilityTests).FullName}.{nameof(MklRunsInTheModeTheEnvironmentAskedFor)}" })
            start.ArgumentList.Add(argument);
        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        Assert.IsTrue(child.WaitForExit(TimeSpan.FromMinutes(5)), "The child test run ended.");
        var text = stdout.Result + stderr.Result;
        Assert.AreEqual(0, child.ExitCode, text);
        StringAssert.Matches(text, new System.Text.RegularExpressions.Regex(@"Failed:\s+0, Passed:\s+1"), text);
    }
}
