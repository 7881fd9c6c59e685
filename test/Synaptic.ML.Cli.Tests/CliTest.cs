using Synaptic.ML.Samples.Cli;

namespace Synaptic.ML.Cli.Tests;

/// <summary>Base of the command-line tests: a fresh working folder per test, and the tool run in process with captured output.</summary>
public abstract class CliTest
{
    /// <summary>The test's folder (removed afterwards).</summary>
    protected string Dir { get; private set; } = "";

    /// <summary>Makes the folder.</summary>
    [TestInitialize]
    public void CreateFolder() => Dir = Directory.CreateTempSubdirectory($"synaptic-cli-{GetType().Name}-").FullName;

    /// <summary>Removes the folder.</summary>
    [TestCleanup]
    public void DeleteFolder()
    {
        if (Directory.Exists(Dir))
            Directory.Delete(Dir, recursive: true);
    }

    /// <summary>Runs <c>synaptic</c> with <paramref name="args"/> in process (plain progress lines), from the test's folder's point of view.</summary>
    /// <param name="args">The arguments; relative paths are taken from <see cref="Dir"/> where the command has an --out option.</param>
    /// <returns>The exit code and what was written.</returns>
    protected (int Code, string Output, string Error) Run(params string[] args) => Run(default, args);

    /// <summary>Runs <c>synaptic</c> in process with a stop signal.</summary>
    /// <param name="stop">Signalled to stop cleanly.</param>
    /// <param name="args">The arguments.</param>
    /// <returns>The exit code and what was written.</returns>
    protected static (int Code, string Output, string Error) Run(CancellationToken stop, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = SynapticCommandLine.Run(args, new CliConsole(output, error, Live: false), stop);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>The only experiment folder under <paramref name="experiments"/>.</summary>
    /// <param name="experiments">The experiments directory.</param>
    /// <returns>Its full path.</returns>
    protected static string SingleExperiment(string experiments)
    {
        var folders = Directory.GetDirectories(experiments);
        Assert.HasCount(1, folders, string.Join(", ", folders));
        return folders[0];
    }
}
