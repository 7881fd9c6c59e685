namespace Synaptic.ML.Samples;

/// <summary>The command line of the samples program: a command and an output directory.</summary>
public sealed record SampleArguments(string Command, string OutputDirectory)
{
    public static SampleArguments Parse(string[] args, string defaultCommand)
    {
        var command = defaultCommand;
        var output = Path.GetFullPath("samples-output");
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--out")
            {
                if (i + 1 >= args.Length)
                    throw new ArgumentException("--out needs a directory.");
                output = Path.GetFullPath(args[++i]);
            }
            else
            {
                command = args[i];
            }
        }
        return new SampleArguments(command, output);
    }
}
