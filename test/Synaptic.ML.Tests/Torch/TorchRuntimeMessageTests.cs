using Synaptic.ML.Torch;

namespace Synaptic.ML.Tests.Torch;

/// <summary>
/// The sentence <see cref="TorchRuntime.EnsureAvailable"/> throws when TorchSharp cannot load names the cause the
/// facts show and the remedy for it: the unpatched library (the build step was off or another build system made the
/// output), a single-file bundle the step cannot reach, a missing or broken file.
/// </summary>
[TestClass]
public sealed class TorchRuntimeMessageTests : TempDirectoryTest
{
    private const string Folder = "/app/bin";
    private const string Library = "/app/bin/runtimes/linux-x64/native/libLibTorchSharp.so";

    // The loader's words on Debian 12 for the package's unpatched library (from .NET's DllNotFoundException).
    private const string UnpatchedError =
        "/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by " + Library + ")";

    [TestMethod]
    public void AnUnpatchedLibrarySaysTheBuildStepDidNotRunAndHowToGetIt()
    {
        var message = TorchRuntime.FailureMessage(new NativeLoadFacts(true, false, Folder, Library, UnpatchedError));
        StringAssert.StartsWith(message, $"TorchSharp's native library {Library} could not be loaded because it needs GLIBCXX_3.4.32");
        StringAssert.Contains(message, "TorchSharpGlibcxxFixEnabled");
        StringAssert.Contains(message, "rebuild the application with dotnet build");
        AssertOneSentence(message);
    }

    [TestMethod]
    public void ASingleFileBundleSaysTheStepCannotReachItAndHowToPublish()
    {
        var message = TorchRuntime.FailureMessage(new NativeLoadFacts(true, true, Folder, null, null));
        StringAssert.Contains(message, "single-file application");
        StringAssert.Contains(message, "IncludeNativeLibrariesForSelfExtract=false");
        AssertOneSentence(message);
    }

    [TestMethod]
    public void AMissingLibraryNamesTheFolderSearched()
    {
        var message = TorchRuntime.FailureMessage(new NativeLoadFacts(true, false, Folder, null, null));
        StringAssert.StartsWith(message, $"TorchSharp's native library libLibTorchSharp.so could not be loaded because it is not in {Folder}");
        AssertOneSentence(message);
    }

    [TestMethod]
    public void ABrokenLibraryQuotesTheLoader()
    {
        var broken = Path.Combine(Dir, "libLibTorchSharp.so");
        File.WriteAllBytes(broken, []);
        var error = TorchRuntime.LoaderError(broken);
        Assert.IsNotNull(error, "An empty file is no library.");
        StringAssert.Contains(error, broken, "The loader's words name the file.");
        Assert.DoesNotContain("\n", error);

        var message = TorchRuntime.FailureMessage(new NativeLoadFacts(true, false, Dir, broken, error));
        StringAssert.StartsWith(message, $"TorchSharp's native library {broken} could not be loaded ({error.TrimEnd('.')})");
        AssertOneSentence(message);
    }

    [TestMethod]
    public void OtherPlatformsSayToCopyTheNativeFiles()
    {
        var message = TorchRuntime.FailureMessage(new NativeLoadFacts(false, false, Folder, null, null));
        StringAssert.StartsWith(message, "TorchSharp's native libraries could not be loaded");
        AssertOneSentence(message);
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void TheLibraryOfThisBuildLoads()
    {
        // The build output's copy is patched where needed (build/TorchSharpGlibcxxFix.targets): the loader takes it.
        TorchRuntime.EnsureAvailable();
        var rid = "linux-" + System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        var library = new[] { "libLibTorchSharp.so", Path.Combine("runtimes", rid, "native", "libLibTorchSharp.so") }
            .Select(path => Path.Combine(AppContext.BaseDirectory, path))
            .First(File.Exists);
        Assert.IsNull(TorchRuntime.LoaderError(library));
    }

    private static void AssertOneSentence(string message)
    {
        StringAssert.EndsWith(message, ".");
        Assert.IsFalse(message.TrimEnd('.').Contains(". ", StringComparison.Ordinal), $"More than one sentence: {message}");
        Assert.DoesNotContain("\n", message);
    }
}
