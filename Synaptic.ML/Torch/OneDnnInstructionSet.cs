using System.Runtime.CompilerServices;

namespace Synaptic.ML.Torch;

/// <summary>
/// Keeps libtorch's oneDNN convolutions on their SSE4.1 kernels on AMD Zen 5 processors, where its AVX-512 and AVX2
/// kernels computed wrong gradients.
/// </summary>
/// <remarks>
/// <para>
/// Measured on a 2-core AMD EPYC with AVX-512 and AVX512-VP2INTERSECT (Zen 5), 2026-12-02, libtorch 2.10 under
/// TorchSharp 0.107. Two identical backward passes through conv → ReLU → max-pool → conv → ReLU → max-pool (1 → 3 → 5
/// channels, 3×3 kernels, 8×8 images) gave the first convolution's weights different gradients in about half of 300
/// trials on two threads with oneDNN's default (AVX-512) kernels — off by as much as the gradient itself, sometimes
/// NaN — and none on one thread or with oneDNN capped at AVX2 or SSE4.1. A second-order step through two convolutions
/// (the gradient of a loss at weights moved along their own gradient, as MAML takes it) differed between identical
/// runs in 10 of 800 trials with the AVX2 cap (7 non-finite; 1 and 2 threads), and in none of 600 with SSE4.1 or of 600
/// with the AVX-512 kernels. Only the SSE4.1 kernels were right in both: second-order MAML's test failed about every
/// other run with the AVX2 cap.
/// The AMD EPYC with AVX-512 that earlier sessions and CI ran on passed the same tests uncapped (its VP2INTERSECT bit
/// was not recorded).
/// </para>
/// <para>
/// The cap is oneDNN's <c>ONEDNN_MAX_CPU_ISA</c> environment variable, set to <c>SSE41</c> when Synaptic.ML's assembly
/// is loaded on such a processor unless the process already has it (a user's own setting wins). oneDNN reads it once,
/// at its first use. Convolutions run slower on those kernels; matrix products (MKL) are not affected.
/// </para>
/// </remarks>
public static class OneDnnInstructionSet
{
    /// <summary>The name of oneDNN's environment variable for the widest instruction set it may use.</summary>
    public const string Variable = "ONEDNN_MAX_CPU_ISA";

    /// <summary>The cap Synaptic.ML sets on an affected processor.</summary>
    public const string Cap = "SSE41";

    /// <summary>Whether this processor is one whose oneDNN convolution gradients are wrong on its AVX-512 and AVX2 kernels (AMD with AVX512-VP2INTERSECT: Zen 5).</summary>
    public static bool Affected { get; } = CpuVendor.Amd && CpuVendor.HasAvx512Vp2Intersect;

    /// <summary>Whether this process asked oneDNN for the cap (false where it is not needed or the process set the variable itself).</summary>
    public static bool Capped { get; private set; }

    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "oneDNN reads its variable once, at its first use, which may come from any type of the library; the assembly's load is the one moment before all of them.")]
    internal static void CapBeforeFirstUse()
    {
        if (!Affected || !Libc.HasSetEnvironment || Environment.GetEnvironmentVariable(Variable) is not null)
            return;
        Capped = Libc.SetEnvironment(Variable, Cap, overwrite: false);
    }
}
