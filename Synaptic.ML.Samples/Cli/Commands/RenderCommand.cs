using System.CommandLine;
using Microsoft.ML;

namespace Synaptic.ML.Samples.Cli;

/// <summary><c>synaptic render PATH</c>: GIFs of a trained policy's episodes in the experiment's <c>videos/</c> folder (pictures for data trainers).</summary>
public static class RenderCommand
{
    /// <summary>Makes the command.</summary>
    /// <param name="console">Where output goes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliConsole console)
    {
        var path = new Argument<string>("path") { Description = "An experiment folder or a model zip." };
        var model = new Option<string>("--model") { Description = "final or best (for a folder).", DefaultValueFactory = _ => "final" };
        var algo = new Option<string>("--algo") { Description = "The algorithm that made a bare zip." };
        var env = new Option<string>("--env") { Description = "The environment: needed for a bare zip, overrides the folder's." };
        var episodes = new Option<int>("--episodes") { Description = "Episodes to record (data trainers: pictures).", DefaultValueFactory = _ => 1 };
        var seed = new Option<int?>("--seed") { Description = "The first episode's seed." };
        var command = new Command("render", "Record GIFs of a trained model's episodes (videos/), with the spike raster beside the frame for spiking policies; "
            + "data trainers draw pictures instead (test episodes, confusion matrix, spike rasters).")
        {
            path, model, algo, env, episodes, seed,
        };
        command.SetAction(parse =>
        {
            var source = ModelSource.Find(parse.GetValue(path)!, parse.GetValue(model)!, parse.GetValue(algo), parse.GetValue(env));
            var ml = new MLContext(seed: source.Seed);
            var loaded = source.Load(ml);
            var files = source.Algorithm.Render(ml, loaded, source.Environment, source.OutputDirectory("videos"), parse.GetValue(episodes),
                parse.GetValue(seed) ?? ExperimentRunner.EvaluationSeed(source.Seed), source.TrainedOptions());
            (loaded as IDisposable)?.Dispose();
            foreach (var file in files)
                console.Output.WriteLine(file);
            return 0;
        });
        return command;
    }
}
