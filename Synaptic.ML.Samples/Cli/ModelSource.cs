using Microsoft.ML;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// The model a verb works on: an experiment folder (its <c>final.zip</c> or <c>best.zip</c>, with the algorithm and
/// environment from its <c>config.json</c>) or a bare model zip (algorithm and environment given on the command line).
/// </summary>
/// <param name="Path">The zip.</param>
/// <param name="Folder">The experiment folder, or null for a bare zip.</param>
/// <param name="Algorithm">The algorithm that made it.</param>
/// <param name="Environment">The environment id or data set.</param>
/// <param name="Seed">The run's seed (1 for a bare zip).</param>
public sealed record ModelSource(string Path, ExperimentFolder? Folder, CliAlgorithm Algorithm, string Environment, int Seed)
{
    /// <summary>Finds the model <paramref name="path"/> names.</summary>
    /// <param name="path">An experiment folder or a zip.</param>
    /// <param name="which"><c>final</c> or <c>best</c> (for a folder).</param>
    /// <param name="algorithm"><c>--algo</c>: needed for a bare zip.</param>
    /// <param name="environment"><c>--env</c>: needed for a bare zip; overrides the folder's.</param>
    /// <returns>The model's source.</returns>
    /// <exception cref="ArgumentException">Something needed is missing; the message says what to add.</exception>
    public static ModelSource Find(string path, string which, string? algorithm, string? environment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Directory.Exists(path))
        {
            var folder = ExperimentFolder.Open(path);
            var config = ExperimentConfig.Load(folder.Config);
            var zip = which switch
            {
                "final" => folder.FinalModel,
                "best" => folder.BestModel,
                _ => throw new ArgumentException($"--model is final or best, not '{which}'."),
            };
            if (!File.Exists(zip))
                throw new FileNotFoundException($"{zip} does not exist{(which == "best" ? " (no evaluation ran during training)" : " (the run has not finished)")}.", zip);
            return new ModelSource(zip, folder, AlgorithmRegistry.Get(algorithm ?? config.Algorithm), environment ?? config.Environment, config.Seed);
        }
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{path}' is neither an experiment folder nor a model zip.", path);
        return new ModelSource(System.IO.Path.GetFullPath(path), null,
            AlgorithmRegistry.Get(algorithm ?? throw new ArgumentException($"{path} is a bare zip: name the algorithm that made it with --algo.")),
            environment ?? throw new ArgumentException($"{path} is a bare zip: name the environment (or data set) with --env."), 1);
    }

    /// <summary>Where the verb's files go: the experiment folder's subfolder, or beside the zip.</summary>
    /// <param name="subfolder"><c>videos</c>, <c>analysis</c>.</param>
    /// <returns>The directory.</returns>
    public string OutputDirectory(string subfolder) =>
        Folder is not null ? System.IO.Path.Combine(Folder.Root, subfolder)
            : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, System.IO.Path.GetFileNameWithoutExtension(Path) + "-" + subfolder);

    /// <summary>The options the model was trained with: the experiment's <c>config.json</c> options, or null for a bare zip.</summary>
    /// <returns>The options, or null.</returns>
    /// <exception cref="ArgumentException">The config's options do not fit the algorithm's options type (another version wrote them); the message names the setting.</exception>
    public TrainerOptions? TrainedOptions()
    {
        if (Folder is null)
            return null;
        var options = Algorithm.CreateOptions();
        OptionText.SetAll(options, ExperimentConfig.Load(Folder.Config).Options);
        return options;
    }

    /// <summary>Loads the model.</summary>
    /// <param name="ml">The context.</param>
    /// <returns>The model.</returns>
    public ITransformer Load(MLContext ml) => ml.Synaptic().LoadModel(Path, out _);
}
