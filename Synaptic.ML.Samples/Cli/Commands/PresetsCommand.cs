using System.CommandLine;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary><c>synaptic presets [--export DIR]</c>: the shipped presets (the same JSON files the library's typed presets read).</summary>
public static class PresetsCommand
{
    /// <summary>Makes the command.</summary>
    /// <param name="console">Where output goes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliConsole console)
    {
        var export = new Option<string>("--export") { Description = "Write every preset as a JSON file into this folder (edit one and pass it to train --config)." };
        var command = new Command("presets", "List the shipped presets (or export them as JSON files).") { export };
        command.SetAction(parse =>
        {
            var directory = parse.GetValue(export);
            if (directory is not null)
                Directory.CreateDirectory(directory);
            int name = TrainerPresets.All.Max(p => p.Name.Length), algorithm = TrainerPresets.All.Max(p => p.Algorithm.Length);
            foreach (var preset in TrainerPresets.All)
            {
                console.Output.WriteLine($"{preset.Name.PadRight(name)}  {preset.Algorithm.PadRight(algorithm)}  {preset.Description}");
                if (directory is not null)
                    preset.Save(Path.Combine(directory, preset.Name + ".json"));
            }
            return 0;
        });
        return command;
    }
}
