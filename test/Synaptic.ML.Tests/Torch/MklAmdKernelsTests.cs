using System.Runtime.Intrinsics.X86;
using Synaptic.ML.Torch;
using TorchSharp;

namespace Synaptic.ML.Tests.Torch;

[TestClass]
public sealed class MklAmdKernelsTests
{
    // Set in the child runs below: whether MKL's auto branch must be an AVX-512 one there.
    private const string ExpectedAvx512Variable = "SYNAPTIC_TEST_EXPECTED_MKL_AVX512";

    /// <summary>
    /// MKL takes an AVX-512 branch where the processor has AVX-512 and is Intel's, or is AMD's with the library loaded;
    /// on AMD without it MKL names no branch.
    /// </summary>
    [TestMethod]
    public void MklTakesTheBranchThisProcessorAndProcessCallFor()
    {
        var expected = Environment.GetEnvironmentVariable(ExpectedAvx512Variable) is { } text
            ? text == "1"
            : MklAmdKernels.Applies || (CpuVendor.Intel && Avx512F.IsSupported);
        if (MklAmdKernels.Applies && Environment.GetEnvironmentVariable(MklAmdKernels.Variable) != "0")
        {
            Assert.IsNull(MklAmdKernels.LeftAlone, "On an AMD processor with AVX-512 the library is loaded before libtorch.");
            Assert.IsTrue(File.Exists(MklAmdKernels.LoadedFrom), $"Loaded from {MklAmdKernels.LoadedFrom}.");
        }
        else
        {
            Assert.IsFalse(MklAmdKernels.Active, "Nothing is loaded where it does not apply or is turned off.");
            Assert.IsNotNull(MklAmdKernels.LeftAlone);
        }
        var branch = MklReproducibility.AutoBranch;
        Assert.IsNotNull(branch, "libtorch's MKL answers.");
        Assert.AreEqual(expected, branch.StartsWith("AVX512", StringComparison.Ordinal),
            $"MKL's auto branch is {branch} on {CpuVendor.Name} (AVX-512F {Avx512F.IsSupported}); {MklAmdKernels.LeftAlone ?? "the library is loaded"}.");
    }

    /// <summary>
    /// Matrix products through libtorch agree with a double-precision sum over the same operands (here in the suite's
    /// COMPATIBLE mode; in the library's AUTO,STRICT mode, where the AVX-512 kernels run on AMD, in the child below).
    /// Sizes that take MKL's blocked kernels: the shape of snnTorch's tutorial layer, fewer rows.
    /// </summary>
    [TestMethod]
    public void MatrixProductsAgreeWithADoublePrecisionSum()
    {
        const int rows = 96, inner = 784, columns = 1000;
        var random = new Random(7);
        var left = new float[rows * inner];
        var right = new float[inner * columns];
        for (var i = 0; i < left.Length; i++)
            left[i] = random.NextDouble() < 0.3 ? 1f : 0f;
        for (var i = 0; i < right.Length; i++)
            right[i] = (float)(random.NextDouble() - 0.5);
        using var scope = torch.NewDisposeScope();
        var product = torch.mm(torch.tensor(left, [rows, inner]), torch.tensor(right, [inner, columns])).data<float>().ToArray();
        var worst = 0.0;
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                double sum = 0, magnitude = 0;
                for (var k = 0; k < inner; k++)
                {
                    var term = (double)left[r * inner + k] * right[k * columns + c];
                    sum += term;
                    magnitude += Math.Abs(term);
                }
                worst = Math.Max(worst, Math.Abs(product[r * columns + c] - sum) / Math.Max(magnitude, 1e-30));
            }
        }
        // float32 accumulation over at most 784 terms: a few units of 2^-24 per term in the worst order.
        Assert.IsTrue(worst < 1e-5, $"Worst error relative to the sum of magnitudes: {worst:E2} (MKL {MklReproducibility.CurrentMode}, branch {MklReproducibility.AutoBranch}).");
    }

    [TestMethod]
    public void InTheLibrarysOwnModeTheBranchAndProductsHold() =>
        ChildTestRun.AssertPasses(BothChecks, expectedPassed: 2, new Dictionary<string, string?>
        {
            [TestAssembly.KeepMklDefaultVariable] = "1",
            [MklReproducibility.Variable] = null,
            [ExpectedAvx512Variable] = null,
        });

    [TestMethod]
    public void TurnedOffMklKeepsItsAmdCode() =>
        ChildTestRun.AssertPasses(BothChecks, expectedPassed: 2, new Dictionary<string, string?>
        {
            [TestAssembly.KeepMklDefaultVariable] = "1",
            [MklReproducibility.Variable] = null,
            [MklAmdKernels.Variable] = "0",
            [ExpectedAvx512Variable] = CpuVendor.Intel && Avx512F.IsSupported ? "1" : "0",
        });

    private static string BothChecks =>
        ChildTestRun.Methods<MklAmdKernelsTests>(nameof(MklTakesTheBranchThisProcessorAndProcessCallFor), nameof(MatrixProductsAgreeWithADoublePrecisionSum));
}
