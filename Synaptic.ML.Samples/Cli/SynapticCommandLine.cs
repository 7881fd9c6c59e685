using System.CommandLine;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// The <c>synaptic</c> command line (System.CommandLine): <c>train</c>, <c>eval</c>, <c>render</c>, <c>analyze</c>,
/// <c>sweep</c>, <c>compare</c>, <c>presets</c>, <c>algorithms</c>, and the samples (<c>sample NAME</c>, or the
/// sample's name alone where it does not clash with a verb). <c>help</c> lists everything.
/// </summary>
public static class SynapticCommandLine
{
    /// <summary>Runs the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="console">Where output goes.</param>
    /// <param name="stop">Signalled to stop a run cleanly (Ctrl+C).</param>
    /// <returns>The exit code: 0 on success, 1 on a failure, 2 on a usage error.</returns>
    public static int Run(string[] args, CliConsole console, CancellationToken stop = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        CliEnvironments.Register();   // the tool's environment ids (masked CartPole, the 8×8 maze), for every verb
        if (args.Length == 0)
            return SampleCommands.Run(args);   // the samples' main job, as before
        if (args[0] is "help")
            args = ["--help", .. args[1..]];
        if (SampleCommands.IsSample(args[0]) && !Verbs.Contains(args[0]))
            return SampleCommands.Run(args);

        var root = Build(console, stop);
        var parsed = root.Parse(args);
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = console.Output, Error = console.Error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException or NotSupportedException or IOException or InvalidOperationException)
        {
            console.Error.WriteLine($"synaptic: {e.Message}");
            return e is ArgumentException ? 2 : 1;
        }
    }

    private static readonly string[] Verbs = ["train", "eval", "render", "analyze", "sweep", "compare", "presets", "algorithms", "sample"];

    private static RootCommand Build(CliConsole console, CancellationToken stop)
    {
        var root = new RootCommand("Synaptic.ML from the command line: train, evaluate, render, analyze, sweep and compare any trainer; experiment folders; presets as data.")
        {
            TrainCommand.Create(console, stop),
            EvalCommand.Create(console),
            RenderCommand.Create(console),
            AnalyzeCommand.Create(console),
            SweepCommand.Create(console, stop),
            CompareCommand.Create(console, stop),
            PresetsCommand.Create(console),
            AlgorithmsCommand.Create(console),
            SampleCommands.Create(),
        };
        return root;
    }
}
