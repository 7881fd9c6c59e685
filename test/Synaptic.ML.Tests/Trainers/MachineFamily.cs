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
/// </list>
/// </summary>
internal static class MachineFamily
{
    /// <summary>Whether this machine runs oneDNN's AVX-512 kernels.</summary>
    public static bool Avx512 => Avx512F.IsSupported;

    /// <summary>The CPU vendor string from CPUID leaf 0 ("GenuineIntel", "AuthenticAMD"), or "" off x86.</summary>
    public static string Vendor { get; } = ReadVendor();

    /// <summary>Whether this is an Intel machine.</summary>
    public static bool Intel => Vendor == "GenuineIntel";

    /// <summary>
    /// The digest recorded on this machine's family for results that depend on the convolution kernels: AMD EPYC with
    /// AVX-512, AMD EPYC with AVX2 only, Intel Xeon with AVX-512. An Intel machine without AVX-512 has no record and is
    /// held to the AMD AVX2 one.
    /// </summary>
    public static string Expected(string amdAvx512, string amdAvx2, string intelAvx512) =>
        Intel && Avx512 ? intelAvx512 : Avx512 ? amdAvx512 : amdAvx2;

    /// <summary>The digest recorded on this machine's family for training results that both AMD families give alike.</summary>
    public static string Expected(string amd, string intelAvx512) => Intel && Avx512 ? intelAvx512 : amd;

    private static string ReadVendor()
    {
        if (!X86Base.IsSupported)
            return "";
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        var bytes = new byte[12];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 4), ebx);
        BitConverter.TryWriteBytes(bytes.AsSpan(4, 4), edx);
        BitConverter.TryWriteBytes(bytes.AsSpan(8, 4), ecx);
        return System.Text.Encoding.ASCII.GetString(bytes);
    }
}
