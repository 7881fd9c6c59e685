using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Data;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// A few-shot trainer on a data set's classes: it meta-trains on the meta-training classes with the validation classes
/// in its options (the best network is kept), is evaluated in the standard protocol on the held-out test classes
/// (<c>--episodes</c> N-way K-shot episodes of <see cref="TestQueries"/> queries a class, N and K as trained; one score
/// per episode, so the confidence interval is the protocol's), and renders pictures of test episodes: the support
/// images, then queries framed green where classified right and red where wrong.
/// </summary>
/// <typeparam name="TOptions">The trainer's options.</typeparam>
/// <typeparam name="TModel">The meta-trained model.</typeparam>
/// <param name="name">The name after <c>--algo</c>.</param>
/// <param name="summary">One line for the algorithm list.</param>
/// <param name="defaultPreset">The preset used when none is given.</param>
/// <param name="create">Makes the estimator from the context and options (a catalog call).</param>
public abstract class FewShotAlgorithm<TOptions, TModel>(string name, string summary, string defaultPreset, Func<MLContext, TOptions, IEstimator<TModel>> create)
    : DataAlgorithm<TOptions, TModel>(name, summary, defaultPreset, nameof(EpisodicTrainerOptions.Episodes), create)
    where TOptions : EpisodicTrainerOptions, new()
    where TModel : class, ITransformer
{
    /// <summary>Queries per class in a test episode: 15, the standard protocol's (as the samples test).</summary>
    public const int TestQueries = 15;

    /// <summary>Queries per class drawn in a rendered episode.</summary>
    public const int RenderedQueries = 5;

    /// <inheritdoc />
    public override DataSetTask Task => DataSetTask.FewShot;

    /// <inheritdoc />
    protected override (IDataView Train, IDataView? Validation) TrainingData(MLContext ml, string dataSet)
    {
        var data = DataSets.FewShot(ml, dataSet);
        return (data.MetaTrainView(ml), data.ValidationView(ml));
    }

    /// <inheritdoc />
    protected override void UseValidationData(TOptions options, IDataView? validation) => options.ValidationData = validation;

    /// <inheritdoc />
    protected override EvaluationSummary EvaluateModel(MLContext ml, TModel model, string dataSet, int episodes, int seed, TOptions trained)
    {
        var data = DataSets.FewShot(ml, dataSet);
        var ways = Ways(model, trained);
        var evaluation = EvaluateEpisodes(ml, model, data.Test, data.Classes.Test, ways, trained.Shots, episodes, (ulong)(uint)seed);
        var task = new Dictionary<string, double> { ["ways"] = ways, ["shots"] = trained.Shots, ["queries"] = TestQueries };
        return new EvaluationSummary("accuracy", evaluation.Accuracies, SuccessRate: null, task);
    }

    /// <inheritdoc />
    protected override IReadOnlyList<string> RenderModel(MLContext ml, TModel model, string dataSet, string directory, int pictures, int seed, TOptions trained)
    {
        var data = DataSets.FewShot(ml, dataSet);
        var ways = Ways(model, trained);
        var sampler = new FewShotEpisodeSampler(data.Test, data.Classes.Test, (ulong)(uint)seed);
        var files = new List<string>();
        for (var e = 0; e < pictures; e++)
        {
            var episode = sampler.Episode(e, ways, trained.Shots, RenderedQueries);
            var classifier = Classifier(model, episode.Support);
            var predicted = classifier.Transform(episode.Query.ToDataView(ml)).GetColumn<uint>(classifier.Columns.PredictedLabel).Select(k => (int)k - 1).ToArray();
            var right = predicted.Where((p, i) => p == episode.Query.Labels[i]).Count();
            var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"episode-{e}.png"));
            EpisodePicture.SavePng(path, episode, predicted, string.Create(CultureInfo.InvariantCulture,
                $"{Name} on {dataSet}: test episode {e} (seed {seed}), {ways}-way {trained.Shots}-shot: {right} of {predicted.Length} queries right"));
            files.Add(path);
        }
        return files;
    }

    /// <summary>N of the test episodes: the trained model's.</summary>
    /// <param name="model">The model.</param>
    /// <param name="trained">The options it was trained with.</param>
    /// <returns>N.</returns>
    protected abstract int Ways(TModel model, TOptions trained);

    /// <summary>The standard protocol on <paramref name="classes"/> of <paramref name="images"/> (the catalog's <c>EvaluateFewShot</c>).</summary>
    /// <param name="ml">The context.</param>
    /// <param name="model">The model.</param>
    /// <param name="images">The test images.</param>
    /// <param name="classes">The test classes.</param>
    /// <param name="ways">N.</param>
    /// <param name="shots">K.</param>
    /// <param name="episodes">Episodes.</param>
    /// <param name="seed">The episodes' seed.</param>
    /// <returns>The per-episode accuracies.</returns>
    protected abstract FewShotEvaluation EvaluateEpisodes(MLContext ml, TModel model, LabeledImages images, IReadOnlyList<int> classes, int ways, int shots, int episodes, ulong seed);

    /// <summary>The model's classifier for one support set.</summary>
    /// <param name="model">The model.</param>
    /// <param name="support">The support images.</param>
    /// <returns>The classifier.</returns>
    protected abstract SupportClassifierTransformer Classifier(TModel model, LabeledImages support);
}
