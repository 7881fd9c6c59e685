using Spectre.Console;

namespace Synaptic.ML.Samples.Cli;

/// <summary>Where a command writes, and how it shows progress: live on a terminal, plain lines otherwise.</summary>
/// <param name="Output">Results.</param>
/// <param name="Error">Errors.</param>
/// <param name="Live">Whether progress is drawn live (a terminal whose output is not redirected).</param>
public sealed record CliConsole(TextWriter Output, TextWriter Error, bool Live)
{
    /// <summary>The process's console.</summary>
    public static CliConsole System => new(Console.Out, Console.Error, !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive);

    /// <summary>The display for a run.</summary>
    /// <param name="quiet">Whether to leave progress out.</param>
    /// <returns>A live display on a terminal, else plain lines.</returns>
    public ITrainingDisplay Display(bool quiet = false) =>
        Live && !quiet ? new LiveTrainingDisplay(AnsiConsole.Console) : new PlainTrainingDisplay(Output, quiet);
}
