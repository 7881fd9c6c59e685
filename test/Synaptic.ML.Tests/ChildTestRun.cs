using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Synaptic.ML.Tests;

/// <summary>
/// Runs some of this suite's tests in a child <c>dotnet test</c> process, for settings that native libraries read once
/// per process (MKL's mode and kernels, a libtorch that cannot load).
/// </summary>
internal static class ChildTestRun
{
    /// <summary>The tests of <paramref name="assembly"/> (this suite's by default) matching <paramref name="filter"/>, with the environment changed as given (null removes a variable).</summary>
    /// <returns>The child's exit code and everything it printed.</returns>
    public static (int ExitCode, string Output) Run(string filter, IReadOnlyDictionary<string, string?> environment, string? assembly = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null)
            start.WorkingDirectory = workingDirectory;
        foreach (var (name, value) in environment)
        {
            if (value is null)
                start.Environment.Remove(name);
            else
                start.Environment[name] = value;
        }
        foreach (var argument in new[] { "test", assembly ?? Path.Combine(AppContext.BaseDirectory, "Synaptic.ML.Tests.dll"), "--filter", filter })
            start.ArgumentList.Add(argument);
        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        Assert.IsTrue(child.WaitForExit(TimeSpan.FromMinutes(5)), "The child test run ended.");
        return (child.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Asserts that the child run passed exactly <paramref name="expectedPassed"/> tests and failed none.</summary>
    public static void AssertPasses(string filter, int expectedPassed, IReadOnlyDictionary<string, string?> environment)
    {
        var (exitCode, output) = Run(filter, environment);
        Assert.AreEqual(0, exitCode, output);
        StringAssert.Matches(output, new Regex($@"Failed:\s+0, Passed:\s+{expectedPassed}\b"), output);
    }

    /// <summary>The filter that selects <typeparamref name="T"/>'s methods of the given names.</summary>
    public static string Methods<T>(params string[] names) => string.Join("|", names.Select(n => $"FullyQualifiedName={typeof(T).FullName}.{n}"));
}
