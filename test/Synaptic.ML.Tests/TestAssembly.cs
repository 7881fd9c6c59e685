namespace Synaptic.ML.Tests;

/// <summary>
/// Runs the suite with MKL in its <c>COMPATIBLE</c> mode (see <see cref="ML.Torch.MklReproducibility"/>), before anything
/// uses libtorch: seeded computations then give the same bits on every kind of x86 machine, so the recorded digests of
/// trained weights and network outputs hold wherever CI runs.
/// </summary>
[TestClass]
public static class TestAssembly
{
    /// <summary>The MKL mode the tests run with.</summary>
    public const string MklMode = "COMPATIBLE";

    /// <summary>Set to 1 in a child test run that checks the library's own default: the suite then leaves MKL_CBWR alone.</summary>
    public const string KeepMklDefaultVariable = "SYNAPTIC_TEST_KEEP_MKL_DEFAULT";

    [AssemblyInitialize]
    public static void Initialize(TestContext context)
    {
        _ = context;
        if (Environment.GetEnvironmentVariable(KeepMklDefaultVariable) == "1")
            return;
        if (!Synaptic.ML.Torch.Libc.SetEnvironment(Synaptic.ML.Torch.MklReproducibility.Variable, MklMode, overwrite: true))
            throw new InvalidOperationException($"setenv({Synaptic.ML.Torch.MklReproducibility.Variable}) failed.");
        Environment.SetEnvironmentVariable(Synaptic.ML.Torch.MklReproducibility.Variable, MklMode);
    }
}
