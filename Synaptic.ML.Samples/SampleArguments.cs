namespace Synaptic.ML.Samples;

/// <summary>
/// The command line of the samples program: a command, an output directory (<c>--out DIR</c>) and an optional
/// filter of the runs a command makes (<c>--only NAME[,NAME…]</c>; used by <c>solve</c> and <c>dqn</c>), and an optional
/// step budget (<c>--steps N</c>; used by <c>dqn</c>).
/// </summary>
/// <param name="Command">The command to run.</param>
/// <param name="OutputDirectory">Where the command writes its files (full path).</param>
/// <param name="Only">The runs to make, as given after <c>--only</c>, or null for all.</param>
/// <param name="Steps">The step budget given after <c>--steps</c>, or null for the command's own.</param>
public sealed record SampleArguments(string Command, string OutputDirectory, string? Only = null, long? Steps = null)
{
    /// <summary>Whether the run <paramref name="name"/> is among those asked for with <c>--only</c> (all when it was not given).</summary>
    /// <param name="name">The run's name.</param>
    /// <returns>Whether to make it.</returns>
    public bool Includes(string name) =>
        Only is null || Only.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(name, StringComparer.OrdinalIgnoreCase);

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
        long? steps = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--out")
                output = Path.GetFullPath(Value(args, ++i, "--out needs a directory."));
            else if (args[i] == "--only")
                only = Value(args, ++i, "--only needs run names, e.g. --only ppo-snn or --only ppo,a2c-mlp.");
            else if (args[i] == "--steps")
                steps = long.TryParse(Value(args, ++i, "--steps needs a number of steps."), out var n) && n > 0
                    ? n
                    : throw new ArgumentException($"--steps needs a positive whole number; it is '{args[i]}'.");
            else
                command = args[i];
        }
        return new SampleArguments(command, output, only, steps);
    }

    private static string Value(string[] args, int i, string message) =>
        i < args.Length ? args[i] : throw new ArgumentException(message);
}
