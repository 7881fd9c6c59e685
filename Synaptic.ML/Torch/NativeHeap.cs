using System.Runtime.CompilerServices;

namespace Synaptic.ML.Torch;

/// <summary>
/// Keeps the C heap from handing libtorch's large tensors back to the operating system after every use, so that
/// training does not spend its time in page faults.
/// </summary>
/// <remarks>
/// <para>
/// libtorch allocates each CPU tensor with the C library's <c>malloc</c>. glibc serves a block over its mmap
/// threshold (128 KiB at first, raised as such blocks are freed, at most 32 MiB) with a fresh <c>mmap</c> and returns
/// it with <c>munmap</c>, and gives the top of its heap back once more than its trim threshold is free there. A
/// network step allocates and frees tensors of megabytes many times over — snnTorch's tutorial network on
/// Fashion-MNIST: [25·128, 1,000] currents, spikes, membranes and their gradients, 12.8 MB each — so every step
/// touched fresh pages: measured on a 2-core AMD EPYC (Zen 5), 2026-12-02, a training minibatch of that network took
/// 5,400 minor page faults and about 45 ms of kernel time, and 101–193 ms in all on two threads (93–110 ms with the
/// heap kept). 200 episodes of second-order MAML on 28×28 glyphs took 110.4 s with glibc's defaults and 54.8 s with
/// the heap kept.
/// </para>
/// <para>
/// When Synaptic.ML's assembly loads on Linux with glibc, this sets glibc's mmap threshold to its largest value,
/// <see cref="MmapThreshold"/>, so blocks up to 32 MiB come from the heap and are reused, and its trim threshold to
/// <see cref="TrimThreshold"/>, so up to that much free memory stays in the process after a step. It leaves both
/// alone when the process already chose its own (<c>GLIBC_TUNABLES</c> naming a <c>glibc.malloc</c> tunable, or
/// <c>MALLOC_MMAP_THRESHOLD_</c>, <c>MALLOC_TRIM_THRESHOLD_</c>, <c>MALLOC_TOP_PAD_</c>); a process that wants
/// glibc's defaults back can set <c>GLIBC_TUNABLES=glibc.malloc.perturb=0</c> (a tunable at its default value;
/// setting a threshold instead, even to its default, also turns off glibc's raising of the mmap threshold, which was
/// slower still: 273 s for the 200 MAML episodes below). The price is a resident
/// size that stays near its peak, up to <see cref="TrimThreshold"/> above what is in use. On threads other than the
/// process's first, glibc's per-thread arenas still give some blocks back (in <c>NativeHeapTests</c>' pattern a fifth
/// to a half of the pages come fresh each round, depending on what the arena held before, against a half to three
/// fifths with glibc's defaults and all of them with a 128 KiB trim threshold). Other C libraries (musl,
/// macOS, Windows) are left as they are.
/// </para>
/// </remarks>
public static class NativeHeap
{
    /// <summary>The mmap threshold set: glibc's largest on 64-bit systems (32 MiB).</summary>
    public const int MmapThreshold = 32 << 20;

    /// <summary>The trim threshold set: the free memory the heap may keep at its top (256 MiB).</summary>
    public const int TrimThreshold = 256 << 20;

    // glibc's mallopt option numbers (malloc.h).
    private const int TrimThresholdOption = -1;
    private const int MmapThresholdOption = -3;

    private static readonly string[] UserSettings = ["MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_"];

    /// <summary>Whether this process's heap keeps large blocks (false off glibc, or when the process chose its own settings).</summary>
    public static bool KeepsLargeBlocks => LeftAlone is null;

    /// <summary>Why the heap was left as it was, or null when <see cref="KeepsLargeBlocks"/>.</summary>
    public static string? LeftAlone { get; private set; } = "not set yet";

    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "The heap settings must hold before libtorch's first large tensor, which may come from any type of the library; the assembly's load is the one moment before all of them.")]
    internal static void KeepBeforeFirstUse()
    {
        if (Environment.GetEnvironmentVariable("GLIBC_TUNABLES") is { } tunables && tunables.Contains("glibc.malloc.", StringComparison.Ordinal))
        {
            LeftAlone = "GLIBC_TUNABLES sets glibc.malloc tunables";
            return;
        }
        if (UserSettings.FirstOrDefault(v => Environment.GetEnvironmentVariable(v) is not null) is { } variable)
        {
            LeftAlone = $"{variable} is set";
            return;
        }
        var mmap = Libc.SetMallocOption(MmapThresholdOption, MmapThreshold);
        var trim = mmap == true ? Libc.SetMallocOption(TrimThresholdOption, TrimThreshold) : mmap;
        LeftAlone = mmap == true && trim == true ? null
            : mmap is null ? "the C library is not glibc"
            : $"glibc refused mallopt (mmap threshold {mmap}, trim threshold {trim})";
    }
}
