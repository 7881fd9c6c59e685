using System.CommandLine;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// <c>synaptic train</c>: trains any registered algorithm into an experiment folder. Options come from the preset
/// (<c>--preset</c>, or the algorithm's preset for the environment), then a <c>--config</c> file (JSON or YAML: a
/// preset, an experiment's config.json, or the same keys by hand), then <c>--env</c>, <c>--budget</c> and
/// <c>--set path=value</c>; <c>--resume DIR</c> continues an interrupted run from its newest checkpoint.
/// </summary>
public static class TrainCommand
{
    /// <summary>Makes the command.</summary>
    /// <param name="console">Where output goes.</param>
    /// <param name="stop">Signalled to stop cleanly.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliConsole console, CancellationToken stop)
    {
        var algo = new Option<string>("--algo") { Description = "The algorithm (synaptic algorithms lists them)." };
        var env = new Option<string>("--env") { Description = "The environment id (CartPole-v1) or, for data trainers, the data set." };
        var preset = new Option<string>("--preset") { Description = "A shipped preset (synaptic presets lists them); default: the algorithm's preset for the environment." };
        var config = new Option<string>("--config") { Description = "A JSON or YAML file of settings: a preset, an experiment's config.json, or algorithm/environment/seed/budget/options by hand." };
        var seed = new Option<int?>("--seed") { Description = "The seed (default 1)." };
        var budget = new Option<long?>("--budget") { Description = "Steps, episodes or epochs, as the algorithm counts (synaptic algorithms says which)." };
        var set = new Option<string[]>("--set") { Description = "path=value: any option, e.g. --set LearningRate=1e-3 --set Policy=Spiking --set Policy.TimeSteps=6.", AllowMultipleArgumentsPerToken = true };
        var name = new Option<string>("--name") { Description = "The experiment folder's name (default env__algo__seed__time)." };
        var output = new Option<string>("--out") { Description = "Where experiment folders go.", DefaultValueFactory = _ => "experiments" };
        var resume = new Option<string>("--resume") { Description = "An experiment folder to continue from its newest checkpoint." };
        var evalEpisodes = new Option<int>("--eval-episodes") { Description = "Episodes of the final evaluation.", DefaultValueFactory = _ => 10 };
        var quiet = new Option<bool>("--quiet") { Description = "No progress display; only the result." };
        var command = new Command("train", "Train an algorithm into an experiment folder (config.json, metrics.csv, tensorboard/, best.zip, final.zip, checkpoints/, README.md).")
        {
            algo, env, preset, config, seed, budget, set, name, output, resume, evalEpisodes, quiet,
        };
        command.SetAction(parse =>
        {
            var request = new TrainRequest
            {
                Algorithm = parse.GetValue(algo),
                Environment = parse.GetValue(env),
                Preset = parse.GetValue(preset),
                ConfigFile = parse.GetValue(config),
                Seed = parse.GetValue(seed),
                Budget = parse.GetValue(budget),
                Settings = parse.GetValue(set) ?? [],
                Name = parse.GetValue(name),
                ExperimentsDirectory = parse.GetValue(output)!,
                Resume = parse.GetValue(resume),
                EvaluationEpisodes = parse.GetValue(evalEpisodes),
                CommandLine = ["synaptic", .. parse.Tokens.Select(t => t.Value)],
            };
            var result = ExperimentRunner.Train(request, console.Display(parse.GetValue(quiet)), stop);
            console.Output.WriteLine($"{result.Config.Name}: {result.Config.Status} in {result.Config.Seconds:F1} s; final model {result.Evaluation}");
            console.Output.WriteLine($"Experiment folder: {result.Folder.Root}");
            if (result.Interrupted)
                console.Output.WriteLine($"Continue with: synaptic train --resume {result.Folder.Root}");
            return 0;
        });
        return command;
    }
}
