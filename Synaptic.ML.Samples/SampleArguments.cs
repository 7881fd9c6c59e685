namespace Synaptic.ML.Samples;

/// <summary>
/// The command line of the samples program: a command and an optional verb (<c>mpn train</c>), an output directory
/// (<c>--out DIR</c>), an optional filter of the runs a command makes (<c>--only NAME[,NAME…]</c>; used by <c>solve</c>,
/// <c>dqn</c> and <c>mpn</c>), an optional step budget (<c>--steps N</c>), and named settings (<c>--experiment NAME</c>,
/// <c>--seed 3</c>, any <c>--name value</c>) that a command reads with <see cref="Setting"/>.
/// </summary>
/// <param name="Command">The command to run.</param>
/// <param name="OutputDirectory">Where the command writes its files (full path).</param>
/// <param name="Only">The runs to make, as given after <c>--only</c>, or null for all.</param>
/// <param name="Steps">The step budget given after <c>--steps</c>, or null for the command's own.</param>
/// <param name="Verb">The word after the command (<c>train</c> in <c>mpn train</c>), or null.</param>
/// <param name="Settings">Other <c>--name value</c> pairs, by name without the dashes.</param>
public sealed record SampleArguments(string Command, string OutputDirectory, string? Only = null, long? Steps = null, string? Verb = null,
    IReadOnlyDictionary<string, string>? Settings = null)
{
    /// <summary>The value given as <c>--name value</c>, or <paramref name="fallback"/>.</summary>
    /// <param name="name">The setting's name without dashes.</param>
    /// <param name="fallback">The value when it was not given.</param>
    /// <returns>The value.</returns>
    public string Setting(string name, string fallback) => Settings is not null && Settings.TryGetValue(name, out var value) ? value : fallback;

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
        string? verb = null;
        var commandGiven = false;
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
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
            else if (args[i] is "--help" or "-h")
                command = "help";
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && args[i].Length > 2)
                settings[args[i][2..]] = Value(args, ++i, $"{args[i - 1]} needs a value.");
            else if (!commandGiven)
            {
                command = args[i];
                commandGiven = true;
            }
            else
            {
                verb = verb is null ? args[i] : throw new ArgumentException($"Unexpected argument '{args[i]}' after '{command} {verb}'.");
            }
        }
        return new SampleArguments(command, output, only, steps, verb, settings);
    }

    private static string Value(string[] args, int i, string message) =>
        i < args.Length ? args[i] : throw new ArgumentException(message);
}
