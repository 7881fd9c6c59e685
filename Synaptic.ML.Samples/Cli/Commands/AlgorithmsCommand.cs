using System.CommandLine;

namespace Synaptic.ML.Samples.Cli;

/// <summary><c>synaptic algorithms</c>: every algorithm <c>train</c> runs, with what <c>--env</c> and <c>--budget</c> mean for it.</summary>
public static class AlgorithmsCommand
{
    /// <summary>Makes the command.</summary>
    /// <param name="console">Where output goes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliConsole console)
    {
        var command = new Command("algorithms", "List the algorithms train runs, their default presets, what --env names and what --budget counts.");
        command.SetAction(_ =>
        {
            var all = AlgorithmRegistry.All;
            int name = all.Max(a => a.Name.Length), kind = all.Max(a => a.EnvironmentKind.Length),
                budget = all.Max(a => a.BudgetSetting.Length), preset = all.Max(a => a.DefaultPreset.Length);
            console.Output.WriteLine($"{"algorithm".PadRight(name)}  {"--env names".PadRight(kind)}  {"--budget sets".PadRight(budget)}  {"default preset".PadRight(preset)}  summary");
            foreach (var a in all)
                console.Output.WriteLine($"{a.Name.PadRight(name)}  {a.EnvironmentKind.PadRight(kind)}  {a.BudgetSetting.PadRight(budget)}  {a.DefaultPreset.PadRight(preset)}  {a.Summary}");
            return 0;
        });
        return command;
    }
}
