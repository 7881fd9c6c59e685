using System.CommandLine;
using Microsoft.ML;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// <c>synaptic eval PATH</c>: evaluates an experiment's model (or a bare zip with <c>--algo</c> and <c>--env</c>):
/// mean ± 95% confidence interval over episodes, and the success rate where the environment defines success.
/// </summary>
public static class EvalCommand
{
    /// <summary>Makes the command.</summary>
    /// <param name="console">Where output goes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliConsole console)
    {
        var path = new Argument<string>("path") { Description = "An experiment folder or a model zip." };
        var model = new Option<string>("--model") { Description = "final or best (for a folder).", DefaultValueFactory = _ => "final" };
        var algo = new Option<string>("--algo") { Description = "The algorithm that made a bare zip." };
        var env = new Option<string>("--env") { Description = "The environment (or data set): needed for a bare zip, overrides the folder's." };
        var episodes = new Option<int>("--episodes") { Description = "Episodes (few-shot: test episodes).", DefaultValueFactory = _ => 100 };
        var seed = new Option<int?>("--seed") { Description = "The first episode's seed (default: away from training's)." };
        var command = new Command("eval", "Evaluate a trained model: mean ± 95% CI, success rate.") { path, model, algo, env, episodes, seed };
        command.SetAction(parse =>
        {
            var which = parse.GetValue(model)!;
            var source = ModelSource.Find(parse.GetValue(path)!, which, parse.GetValue(algo), parse.GetValue(env));
            var ml = new MLContext(seed: source.Seed);
            var loaded = source.Load(ml);
            var summary = source.Algorithm.Evaluate(ml, loaded, source.Environment, parse.GetValue(episodes), parse.GetValue(seed) ?? ExperimentRunner.EvaluationSeed(source.Seed),
                source.TrainedOptions());
            (loaded as IDisposable)?.Dispose();
            if (source.Folder is not null)
                ExperimentRunner.WriteEvaluation(source.Folder.Evaluation, which, summary);
            console.Output.WriteLine($"{System.IO.Path.GetFileName(source.Path)} on {source.Environment}: {summary}");
            return 0;
        });
        return command;
    }
}
