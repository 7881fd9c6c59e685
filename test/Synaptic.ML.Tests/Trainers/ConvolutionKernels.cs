using System.Runtime.Intrinsics.X86;

namespace Synaptic.ML.Tests.Trainers;

/// <summary>
/// Recorded results of convolutional networks for each family of x86 machines. libtorch runs CPU convolutions
/// through oneDNN, which picks its kernels by the widest instruction set the CPU has; AVX-512 and AVX2 kernels sum in
/// other orders, so a convolution's floats differ in their last bits between the two families (proved by capping
/// oneDNN with ONEDNN_MAX_CPU_ISA=SSE41 on an AVX2 machine: the digests change again). MKL_CBWR (TestAssembly) makes
/// matrix products agree across machines; it does not reach oneDNN. Same seed, same machine family, same bits.
/// </summary>
internal static class ConvolutionKernels
{
    /// <summary>Whether this machine runs oneDNN's AVX-512 kernels.</summary>
    public static bool Avx512 => Avx512F.IsSupported;

    /// <summary>The digest recorded on this machine's family: AMD EPYC with AVX-512, or AMD EPYC with AVX2 only.</summary>
    public static string Expected(string avx512, string avx2) => Avx512 ? avx512 : avx2;
}
