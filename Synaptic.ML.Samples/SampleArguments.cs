namespace Synaptic.ML.Samples;

/// <summary>
/// The command line of the samples program: a command, an output directory (<c>--out DIR</c>) and an optional
/// filter of the runs a command makes (<c>--only NAME[,NAME…]</c>; used by <c>solve</c>).
/// </summary>
/// <param name="Command">The command to run.</param>
/// <param name="OutputDirectory">Where the command writes its files (full path).</param>
/// <param name="Only">The runs to make, as given after <c>--only</c>, or null for all.</param>
public sealed record SampleArguments(string Command, string OutputDirectory, string? Only = null)
{
    /// <summary>Reads the arguments: options by name, anything else is the command.</summary>
    /// <param name="args">The program's arguments.</param>
    /// <param name="defaultCommand">The command when none is given.</param>
    /// <returns>The parsed arguments.</returns>
    /// <exception cref="ArgumentException">An option is missing its value.</exception>
    public static SampleArguments Parse(string[] args, string defaultCommand)
    {
        var command = defaultCommand;
        var output = Path.GetFullPath("samples-output");
        string? only = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--out")
                output = Path.GetFullPath(Value(args, ++i, "--out needs a directory."));
            else if (args[i] == "--only")
                only = Value(args, ++i, "--only needs run names, e.g. --only ppo-snn or --only ppo,a2c-mlp.");
            else
                command = args[i];
        }
        return new SampleArguments(command, output, only);
    }

    private static string Value(string[] args, int i, string message) =>
        i < args.Length ? args[i] : throw new ArgumentException(message);
}
