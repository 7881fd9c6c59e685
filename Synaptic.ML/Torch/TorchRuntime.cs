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
    /// <see cref="TypeInitializationException"/> thrown by TorchSharp, whose own inner exception is usually a
    /// <see cref="NotSupportedException"/> with TorchSharp's load trace.
    /// </exception>
    public static void EnsureAvailable()
    {
        if (LoadFailure.Value is { } failure)
        {
            throw new InvalidOperationException(FailureMessage(Diagnose()), failure);
        }
    }

    /// <summary>
    /// The exception <see cref="EnsureAvailable"/> threw, when <paramref name="exception"/> is it or wraps it (ML.NET
    /// wraps a model loader's exceptions), so that callers can surface its sentence instead of the wrapper's.
    /// </summary>
    internal static InvalidOperationException? FindLoadFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is InvalidOperationException { InnerException: TypeInitializationException inner } failure
                && inner.TypeName == typeof(torch).FullName)
            {
                return failure;
            }
        }

        return null;
    }

    private static TypeInitializationException? Load()
    {
        try
        {
            // Runs torch's static constructor, which loads libLibTorchSharp and libtorch for the CPU backend.
            torch.InitializeDeviceType(DeviceType.CPU);
            return null;
        }
        catch (TypeInitializationException e) when (e.TypeName == typeof(torch).FullName)
        {
            // Usually a NotSupportedException with TorchSharp's trace; in a single-file bundle whose native libraries
            // do not load, an ArgumentNullException from its fallback, which combines paths with the assembly's empty location.
            return e;
        }
    }

    /// <summary>What this process can find out about the failed load; TorchSharp's own trace omits the loader's reason.</summary>
    private static NativeLoadFacts Diagnose()
    {
        var isLinux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
        // A single-file bundle loads assemblies from memory: they have no location.
        var isSingleFile = string.IsNullOrEmpty(typeof(torch).Assembly.Location);
        if (!isLinux || isSingleFile)
            return new NativeLoadFacts(isLinux, isSingleFile, AppContext.BaseDirectory, null, null);

        var directory = Path.GetDirectoryName(typeof(torch).Assembly.Location)!;
        var rid = "linux-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        var library = new[]
            {
                Path.Combine(directory, NativeLibraryName),   // RID-specific builds and publishes
                Path.Combine(directory, "runtimes", rid, "native", NativeLibraryName),   // portable builds
            }
            .FirstOrDefault(File.Exists);
        return new NativeLoadFacts(true, false, directory, library, library is null ? null : LoaderError(library));
    }

    /// <summary>The dynamic loader's reason for refusing <paramref name="library"/>, or null if it loads.</summary>
    internal static string? LoaderError(string library)
    {
        try
        {
            // Not freed: unloading libtorch under TorchSharp's feet is riskier than a library kept loaded.
            NativeLibrary.Load(library);
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            // .NET's message is a line of advice, then the loader's (dlerror) own words, which name the file at fault.
            var lines = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return lines.Length > 1 ? string.Join(" ", lines[1..]) : e.Message.Trim();
        }
    }

    /// <summary>
    /// The one sentence <see cref="EnsureAvailable"/> throws: what is wrong and what to do, from what
    /// <paramref name="facts"/> show about TorchSharp's failed load.
    /// </summary>
    internal static string FailureMessage(NativeLoadFacts facts)
    {
        const string trace = " (the inner exception has TorchSharp's load trace)";
        if (!facts.IsLinux)
        {
            return "TorchSharp's native libraries could not be loaded; make sure the TorchSharp-cpu package's native "
                + "files for this platform were copied to the application folder by rebuilding or republishing it" + trace + ".";
        }

        if (facts.IsSingleFile)
        {
            return "TorchSharp's native library libLibTorchSharp.so could not be loaded in this single-file application, most "
                + $"likely because it needs {NeededVersion} and this system's libstdc++.so.6 is older than GCC 13, and the "
                + "Synaptic.ML build step that patches that need cannot reach a library bundled into the executable: publish "
                + "with IncludeNativeLibrariesForSelfExtract=false (the native files then sit beside the executable, patched) or "
                + $"without PublishSingleFile, or install a libstdc++ that provides {NeededVersion}" + trace + ".";
        }

        if (facts.Library is null)
        {
            return $"TorchSharp's native library {NativeLibraryName} could not be loaded because it is not in "
                + $"{facts.Folder} nor in its runtimes/<rid>/native folder: rebuild or republish the "
                + "application so that the TorchSharp-cpu package's native files are copied beside it" + trace + ".";
        }

        if (facts.LoaderError is { } error && error.Contains(NeededVersion, StringComparison.Ordinal))
        {
            return $"TorchSharp's native library {facts.Library} could not be loaded because it needs {NeededVersion}, which "
                + "this system's libstdc++.so.6 (older than GCC 13) lacks, and the Synaptic.ML build step that patches that "
                + "need in the output folder did not run (it runs in dotnet build and publish unless "
                + "TorchSharpGlibcxxFixEnabled is false): rebuild the application with dotnet build, or install a libstdc++ that "
                + $"provides {NeededVersion}" + trace + ".";
        }

        if (facts.LoaderError is { } other)
        {
            return $"TorchSharp's native library {facts.Library} could not be loaded ({other.TrimEnd('.')}); fix what the "
                + "loader names, or rebuild or republish the application so that the TorchSharp-cpu package's native files "
                + "beside it are complete" + trace + ".";
        }

        return $"TorchSharp's native libraries could not be loaded although {facts.Library} itself loads; rebuild or "
            + "republish the application so that the TorchSharp-cpu package's native files (libtorch) beside it are "
            + "complete" + trace + ".";
    }

    private const string NativeLibraryName = "libLibTorchSharp.so";

    // GCC 13's libstdc++ version that TorchSharp 0.107.0's native library needs (build/TorchSharpGlibcxxFix.targets).
    private const string NeededVersion = "GLIBCXX_3.4.32";
}
