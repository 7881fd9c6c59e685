using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Synaptic.ML.Torch;

/// <summary>
/// Lets Intel MKL, which libtorch links for its CPU matrix products, run its AVX-512 kernels on AMD processors that
/// have AVX-512 (Zen 4 and Zen 5), where it otherwise keeps to AVX2 code.
/// </summary>
/// <remarks>
/// <para>
/// MKL chooses its kernels in two steps: first whether the processor is Intel's (its internal
/// <c>mkl_serv_intel_cpu_true</c> reads the CPUID vendor string), then, on Intel processors only, by the instruction
/// sets CPUID reports. On an AMD processor the first answer is no and MKL keeps to code paths for any x86-64 processor
/// (its auto branch reports nothing wider; <c>MKL_CBWR=AVX512</c> and <c>MKL_ENABLE_INSTRUCTIONS=AVX512</c> do not change
/// that). libtorch_cpu.so calls that function through its procedure linkage table, so a definition that the dynamic
/// loader finds first replaces it. Synaptic.ML carries one, <c>libsynaptic_mkl_intel_cpu.so</c> (built from
/// <c>Torch/Native/mkl_intel_cpu.c</c>, one line: return 1), and, when its assembly loads on an AMD processor with
/// AVX-512F, BW, DQ and VL under Linux x64, loads it with <c>RTLD_GLOBAL</c> before libtorch is loaded. MKL then
/// dispatches by the instruction sets alone and takes its AVX-512 branch.
/// </para>
/// <para>
/// Measured on a 2-core AMD EPYC (Zen 5) with libtorch 2.10 (oneMKL 2024.0), 2026-12-03, in MKL's default
/// <c>AUTO,STRICT</c> mode (<see cref="MklReproducibility"/>): the [3,200, 784] × [784, 1,000] product of snnTorch's
/// tutorial network took 50 ms on two threads with MKL's AMD code and 25–26 ms with its AVX-512 kernels (85 → 51 ms on
/// one thread); its weight gradient took about as long either way (25–40 ms on two threads, the machine's timings
/// wandering). 300 products of that size on two threads gave the same bits
/// each time. Results differ from the AVX2 ones in the last bits, as any other kernel's would; in
/// <c>MKL_CBWR=COMPATIBLE</c> (the test suite's mode) MKL keeps its compatible code and the bits are the same with or
/// without it.
/// </para>
/// <para>
/// Where it does nothing: on Intel processors (MKL already uses their instruction sets), on AMD processors without
/// AVX-512, off Linux x64, where the library is missing (built only where a C compiler was found), where the process
/// loaded libtorch before Synaptic.ML's assembly (too late: MKL may already have chosen), and where the process sets
/// <see cref="Variable"/> to <c>0</c>. <see cref="LeftAlone"/> says which.
/// </para>
/// </remarks>
public static class MklAmdKernels
{
    /// <summary>The environment variable that turns this off when set to <c>0</c>.</summary>
    public const string Variable = "SYNAPTIC_MKL_AMD_AVX512";

    /// <summary>The file name of the library that answers MKL's vendor check.</summary>
    public const string LibraryName = "libsynaptic_mkl_intel_cpu.so";

    // dlfcn.h (glibc, x86-64).
    private const int RtldNow = 0x2;
    private const int RtldNoLoad = 0x4;
    private const int RtldGlobal = 0x100;

    /// <summary>Whether this processor is one this is for: AMD with AVX-512F, BW, DQ and VL, under Linux x64.</summary>
    public static bool Applies { get; } = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64
        && CpuVendor.Amd && Avx512F.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported;

    /// <summary>Whether MKL in this process takes its kernels by the instruction sets alone (the library was loaded in time).</summary>
    public static bool Active => LeftAlone is null;

    /// <summary>Why MKL was left as it is, or null when <see cref="Active"/>.</summary>
    public static string? LeftAlone { get; private set; } = "not set yet";

    /// <summary>The path of the library loaded, or null when none was.</summary>
    public static string? LoadedFrom { get; private set; }

    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "The definition must be global before libtorch is loaded, which may come from any type of the library; the assembly's load is the one moment before all of them.")]
    internal static void LoadBeforeLibtorch()
    {
        if (!Applies)
        {
            LeftAlone = "not an AMD processor with AVX-512 under Linux x64";
            return;
        }
        if (Environment.GetEnvironmentVariable(Variable) == "0")
        {
            LeftAlone = $"{Variable}=0";
            return;
        }
        if (!TryGetDlopen(out var dlopen))
        {
            LeftAlone = "the C library has no dlopen";
            return;
        }
        if (dlopen("libtorch_cpu.so", RtldNow | RtldNoLoad) != IntPtr.Zero)
        {
            LeftAlone = "libtorch was loaded before Synaptic.ML";
            return;
        }
        if (Candidates().FirstOrDefault(File.Exists) is not { } path)
        {
            LeftAlone = $"{LibraryName} was not found beside Synaptic.ML (it is built only where a C compiler was found)";
            return;
        }
        if (dlopen(path, RtldNow | RtldGlobal) == IntPtr.Zero)
        {
            LeftAlone = $"{path} could not be loaded";
            return;
        }
        LoadedFrom = path;
        LeftAlone = null;
    }

    /// <summary>Where the library may be: beside the assembly (RID-specific outputs) or under runtimes/linux-x64/native (portable ones).</summary>
    private static IEnumerable<string> Candidates()
    {
        foreach (var folder in new[] { Path.GetDirectoryName(typeof(MklAmdKernels).Assembly.Location), AppContext.BaseDirectory }.Distinct())
        {
            if (string.IsNullOrEmpty(folder))
                continue;
            yield return Path.Combine(folder, LibraryName);
            yield return Path.Combine(folder, "runtimes", "linux-x64", "native", LibraryName);
        }
    }

    private static bool TryGetDlopen(out Dlopen dlopen)
    {
        // glibc 2.34 and later have dlopen in libc; earlier ones in libdl.
        foreach (var name in new[] { "libc.so.6", "libdl.so.2" })
        {
            if (NativeLibrary.TryLoad(name, out var library) && NativeLibrary.TryGetExport(library, "dlopen", out var export))
            {
                dlopen = Marshal.GetDelegateForFunctionPointer<Dlopen>(export);
                return true;
            }
        }
        dlopen = null!;
        return false;
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr Dlopen([MarshalAs(UnmanagedType.LPStr)] string? file, int mode);
}
