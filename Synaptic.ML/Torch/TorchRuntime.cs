using System.Runtime.InteropServices;
using TorchSharp;

namespace Synaptic.ML.Torch;

/// <summary>
/// Checks, once per process, that TorchSharp's native libraries can be loaded, and turns TorchSharp's
/// misleading load failure into an exception that names the real cause and the remedy.
/// </summary>
/// <remarks>
/// TorchSharp loads its native backend in the static constructor of <see cref="torch"/>. When
/// <c>libLibTorchSharp.so</c> cannot be loaded, that constructor throws a
/// <see cref="NotSupportedException"/> claiming that the application lacks a reference to the
/// <c>libtorch-cpu-linux-x64</c> package, which the runtime wraps in a
/// <see cref="TypeInitializationException"/>; every later use of TorchSharp then throws that same
/// exception again. On Linux the usual cause is a system <c>libstdc++.so.6</c> older than GCC 13, which
/// lacks the <c>GLIBCXX_3.4.32</c> version that TorchSharp 0.107.0's native library requires; the
/// build step in <c>build/TorchSharpGlibcxxFix.targets</c> patches the copy in the build output so
/// that it loads anyway.
/// </remarks>
public static class TorchRuntime
{
    // ExecutionAndPublication: the native load runs exactly once even under concurrent first calls,
    // and its outcome (null on success) is cached, just as the runtime caches the failed type initializer.
    private static readonly Lazy<TypeInitializationException?> LoadFailure =
        new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Gets a value indicating whether TorchSharp's native libraries could be loaded in this process.
    /// </summary>
    /// <value>
    /// <see langword="true"/> if TorchSharp is usable; <see langword="false"/> if its native libraries
    /// failed to load. The first access attempts the load; the result is cached.
    /// </value>
    public static bool IsAvailable => LoadFailure.Value is null;

    /// <summary>
    /// Loads TorchSharp's native libraries on first use and throws if that failed.
    /// </summary>
    /// <remarks>
    /// Call this before the first use of TorchSharp to get an actionable error instead of TorchSharp's
    /// own message. The load is attempted once per process; later calls are cheap and report the same
    /// outcome.
    /// </remarks>
    /// <exception cref="InvalidOperationException">
    /// TorchSharp's native libraries could not be loaded. <see cref="Exception.InnerException"/> is the
    /// <see cref="TypeInitializationException"/> thrown by TorchSharp, whose own inner
    /// <see cref="NotSupportedException"/> carries TorchSharp's load trace.
    /// </exception>
    public static void EnsureAvailable()
    {
        if (LoadFailure.Value is { } failure)
        {
            throw new InvalidOperationException(FailureMessage(), failure);
        }
    }

    private static TypeInitializationException? Load()
    {
        try
        {
            // Runs torch's static constructor, which loads libLibTorchSharp and libtorch for the CPU backend.
            torch.InitializeDeviceType(DeviceType.CPU);
            return null;
        }
        catch (TypeInitializationException e) when (
            e.TypeName == typeof(torch).FullName && e.InnerException is NotSupportedException)
        {
            return e;
        }
    }

    private static string FailureMessage() =>
        RuntimeInformation.IsOSPlatform(OSPlatform.Linux)
            ? "TorchSharp's native library libLibTorchSharp.so could not be loaded, most likely because it "
              + "requires GLIBCXX_3.4.32 and this system's libstdc++.so.6 is older than GCC 13; rebuild the "
              + "project so that the TorchSharpGlibcxxFix build step patches the copy in the output folder, "
              + "or install a libstdc++ that provides GLIBCXX_3.4.32 (see the inner exception for TorchSharp's load trace)."
            : "TorchSharp's native libraries could not be loaded; make sure the TorchSharp-cpu package's native "
              + "files for this platform were copied to the application folder by rebuilding or republishing "
              + "it (see the inner exception for TorchSharp's load trace).";
}
