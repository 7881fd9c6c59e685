using System.Runtime.Intrinsics.X86;

namespace Synaptic.ML.Tests.Trainers;

/// <summary>
/// Recorded results for each family of x86 machine CI has run on. Same seed, same machine family, same bits; across
/// families some computations differ in their last bits:
/// <list type="bullet">
/// <item>libtorch runs CPU convolutions through oneDNN, which picks its kernels by the widest instruction set the CPU
/// has; AVX-512 and AVX2 kernels sum in other orders (proved by capping oneDNN with ONEDNN_MAX_CPU_ISA=SSE41 on an AVX2
/// machine: the digests change again). MKL_CBWR (TestAssembly) makes matrix products agree across machines; it does
/// not reach oneDNN.</item>
/// <item>On an Intel Xeon with AVX-512 (2026-12-02) every seeded training run of the checksum tests gave other weights
/// than on the AMD EPYC machines, while every seeded forward pass (MLP, spiking and convolutional) gave the AMD
/// AVX-512 bits. Forcing ATen's kernels (ATEN_CPU_CAPABILITY=avx2, avx512, default) or .NET's vector width
/// (DOTNET_EnableAVX512F=0, DOTNET_PreferredVectorBitWidth=256) did not bring the AMD bits back; the cause is not
/// found. Each family's runs are reproducible (the same digests run after run).</item>
/// <item>On an AMD EPYC with AVX512-VP2INTERSECT (Zen 5, 2026-12-02) oneDNN's AVX-512 convolution gradients were wrong
/// on two threads, and its AVX2 ones sporadically in second-order steps; Synaptic.ML caps oneDNN at SSE4.1 there,
/// which gives four convolution digests of its own (the others are the AMD AVX2 family's).</item>
/// </list>
/// </summary>
internal static class MachineFamily
{
    /// <summary>
    /// Whether this machine runs oneDNN's AVX-512 kernels: it has AVX-512 and oneDNN is not capped below it (Synaptic.ML
    /// caps it at SSE4.1 on AMD Zen 5, <see cref="Synaptic.ML.Torch.OneDnnInstructionSet"/>).
    /// </summary>
    public static bool Avx512 => Avx512F.IsSupported && !Synaptic.ML.Torch.OneDnnInstructionSet.Capped
        && (Environment.GetEnvironmentVariable(Synaptic.ML.Torch.OneDnnInstructionSet.Variable) is not { Length: > 0 } cap
            || cap.StartsWith("AVX512", StringComparison.Ordinal));

    /// <summary>Whether this is an AMD Zen 5 machine whose oneDNN Synaptic.ML capped at SSE4.1.</summary>
    public static bool Zen5Capped => Synaptic.ML.Torch.OneDnnInstructionSet.Capped;

    // What an AMD Zen 5 machine with oneDNN on its SSE4.1 kernels gives (recorded 2026-12-02), by the AMD AVX2 family's
    // digest of the same result; a result not listed here is the same on both.
    private static readonly Dictionary<string, string> Zen5ByAmdAvx2 = new(StringComparer.OrdinalIgnoreCase)
    {
        ["037F8D5D56DE14F91E0B6F5E9E9EE50D5BB8A8CF727A1F1BF43D8E889095F6B2"] = "6F18E2B689CE6ABAC57356C1AB91F082B0B54DA37D7C75932D0DF463984142AF",
        ["3F077EC0E5BE2E66535771AB12FD7BBB10FB3F0EB699353689AA3DB6A0A9580F"] = "6BF47BCEF1E1606D5C6AE135DF23E32F3250F663AB38B1CDC553ED04A07D1EB8",
        ["64D264151FFCCB10E9A08C2C104A2F7DD1BB2F6FE49FB20CECD18D74F52D5F4D"] = "71AD57F0AC224E10205EC4573C0EC9A3BBC494A662C147B3FAEC8F8EA29842F8",
        ["250c392dc9128720e1b83df5bf52b819aa7f519bee9d097ae20b58a517924aa0"] = "f397dabd9d833f0aece7e8ca5b10f1fba9f362162a3a6a464365fd622cbba7da",
    };

    /// <summary>Whether this is an Intel machine.</summary>
    public static bool Intel => Synaptic.ML.Torch.CpuVendor.Intel;

    /// <summary>
    /// The digest recorded on this machine's family for results that depend on the convolution kernels: AMD EPYC with
    /// AVX-512, AMD EPYC with AVX2 only, Intel Xeon with AVX-512; on AMD Zen 5 (oneDNN on SSE4.1) the value recorded
    /// there for the AMD AVX2 one. An Intel machine without AVX-512 has no record and is
    /// held to the AMD AVX2 one.
    /// </summary>
    public static string Expected(string amdAvx512, string amdAvx2, string intelAvx512) =>
        Intel && Avx512 ? intelAvx512 : Avx512 ? amdAvx512 : Zen5Capped ? Zen5ByAmdAvx2.GetValueOrDefault(amdAvx2, amdAvx2) : amdAvx2;

    /// <summary>The digest recorded on this machine's family for training results that both AMD families give alike.</summary>
    public static string Expected(string amd, string intelAvx512) => Intel && Avx512 ? intelAvx512 : amd;
}
