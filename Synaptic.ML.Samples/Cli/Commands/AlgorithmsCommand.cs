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
            foreach (var algorithm in AlgorithmRegistry.All)
                console.Output.WriteLine($"{algorithm.Name,-18} --env: {algorithm.EnvironmentKind,-16} --budget: {algorithm.BudgetSetting,-15} preset: {algorithm.DefaultPreset,-24} {algorithm.Summary}");
            return 0;
        });
        return command;
    }
}
