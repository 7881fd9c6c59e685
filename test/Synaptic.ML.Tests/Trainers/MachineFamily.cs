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
/// on two threads; Synaptic.ML caps oneDNN at AVX2 there, and the machine then gives the AMD AVX2 digests.</item>
/// </list>
/// </summary>
internal static class MachineFamily
{
    /// <summary>
    /// Whether this machine runs oneDNN's AVX-512 kernels: it has AVX-512 and oneDNN is not capped below it. Synaptic.ML
    /// caps it at AVX2 on AMD Zen 5 (<see cref="Synaptic.ML.Torch.OneDnnInstructionSet"/>), which then gives the AMD AVX2
    /// family's digests (measured 2026-12-02: all four convolution digests).
    /// </summary>
    public static bool Avx512 => Avx512F.IsSupported && !Synaptic.ML.Torch.OneDnnInstructionSet.Capped
        && Environment.GetEnvironmentVariable(Synaptic.ML.Torch.OneDnnInstructionSet.Variable) is null or { Length: 0 } or ['A', 'V', 'X', '5', '1', '2', ..];

    /// <summary>Whether this is an Intel machine.</summary>
    public static bool Intel => Synaptic.ML.Torch.CpuVendor.Intel;

    /// <summary>
    /// The digest recorded on this machine's family for results that depend on the convolution kernels: AMD EPYC with
    /// AVX-512, AMD EPYC with AVX2 only, Intel Xeon with AVX-512. An Intel machine without AVX-512 has no record and is
    /// held to the AMD AVX2 one.
    /// </summary>
    public static string Expected(string amdAvx512, string amdAvx2, string intelAvx512) =>
        Intel && Avx512 ? intelAvx512 : Avx512 ? amdAvx512 : amdAvx2;

    /// <summary>The digest recorded on this machine's family for training results that both AMD families give alike.</summary>
    public static string Expected(string amd, string intelAvx512) => Intel && Avx512 ? intelAvx512 : amd;
}
