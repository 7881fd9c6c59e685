using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;

namespace Synaptic.ML.Torch;

/// <summary>
/// Makes libtorch's matrix products reproducible run after run: asks Intel MKL, which libtorch links for its CPU
/// matrix products, for conditional numerical reproducibility before anything in the process uses it.
/// </summary>
/// <remarks>
/// <para>
/// Without it MKL picks its kernels by the alignment of the operands in memory as well as by CPU, so on some machines
/// (measured on an AMD EPYC with AVX-512) the same seeded forward pass gave one of two results in the last bits from
/// one process to the next, and seeded training diverged from there. With <c>AUTO,STRICT</c> MKL keeps one code path
/// for the CPU whatever the alignment, at the same speed (a 512×512 linear layer's forward and backward: 13.9 ms either way).
/// </para>
/// <para>
/// The mode is MKL's <c>MKL_CBWR</c> environment variable, set when Synaptic.ML's assembly is loaded unless the process
/// already has it, so a user's own setting wins. <c>MKL_CBWR=COMPATIBLE</c> gives the same bits on every x86 machine
/// (the test suite runs so), at about twice the cost of large matrix products. MKL reads the variable once, at its
/// first use: a process that used TorchSharp before loading Synaptic.ML keeps MKL's default.
/// </para>
/// </remarks>
public static class MklReproducibility
{
    /// <summary>The name of MKL's environment variable for conditional numerical reproducibility.</summary>
    public const string Variable = "MKL_CBWR";

    /// <summary>The mode Synaptic.ML asks for where the process has not set <see cref="Variable"/>.</summary>
    public const string DefaultMode = "AUTO,STRICT";

    // MKL's mkl_cbwr_get(MKL_CBWR_ALL), exported by libtorch_cpu under its internal name.
    private const int All = ~0;
    private const int Strict = 0x10000;

    private static readonly string[] Branches = ["OFF", "BRANCH_OFF", "AUTO", "COMPATIBLE", "SSE2", "SSE3", "SSSE3", "SSE4_1", "SSE4_2", "AVX", "AVX2", "AVX512_MIC", "AVX512", "AVX512_MIC_E1", "AVX512_E1"];

    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "MKL reads MKL_CBWR once, at its first use, which may come from any type of the library; the assembly's load is the one moment before all of them.")]
    internal static void AskBeforeFirstUse()
    {
        // A refusal leaves MKL's own default, which CurrentMode reports.
        if (Libc.HasSetEnvironment)
            _ = Libc.SetEnvironment(Variable, DefaultMode, overwrite: false);
    }

    /// <summary>
    /// The mode MKL runs with in this process, as MKL names it (for example <c>AUTO,STRICT</c> or <c>COMPATIBLE</c>),
    /// or null where libtorch's MKL cannot be asked (another platform or build of libtorch).
    /// </summary>
    public static string? CurrentMode
    {
        get
        {
            if (!TryGetMklExport("mkl_serv_cbwr_get", out var export))
                return null;
            var settings = Marshal.GetDelegateForFunctionPointer<CbwrGet>(export)(All);
            var name = BranchName(settings & ~Strict);
            return (settings & Strict) != 0 ? name + ",STRICT" : name;
        }
    }

    /// <summary>
    /// The code branch MKL's <c>AUTO</c> mode takes on this processor, as MKL names it (<c>AVX2</c>, <c>AVX512</c>,
    /// <c>AVX512_E1</c>, ...; <c>AUTO</c> where MKL names none, as on AMD processors unless <see cref="MklAmdKernels"/>
    /// is active), or null where libtorch's MKL cannot be asked.
    /// </summary>
    public static string? AutoBranch =>
        TryGetMklExport("mkl_serv_cbwr_get_auto_branch", out var export) ? BranchName(Marshal.GetDelegateForFunctionPointer<CbwrGetAutoBranch>(export)()) : null;

    private static string BranchName(int branch) =>
        branch >= 0 && branch < Branches.Length ? Branches[branch] : branch.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An MKL function libtorch_cpu exports under its internal name; false on another platform or build of libtorch.</summary>
    private static bool TryGetMklExport(string name, out IntPtr export)
    {
        TorchRuntime.EnsureAvailable();
        export = IntPtr.Zero;
        if (!NativeLibrary.TryLoad("libtorch_cpu.so", typeof(torch).Assembly, DllImportSearchPath.AssemblyDirectory, out var library)
            && !NativeLibrary.TryLoad("libtorch_cpu", typeof(torch).Assembly, null, out library))
            return false;
        return NativeLibrary.TryGetExport(library, name, out export);
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int CbwrGetAutoBranch();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int CbwrGet(int option);
}
