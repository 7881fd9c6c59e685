using Microsoft.ML;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// <c>recurrent-dqn</c> (also <c>mpn-dqn</c>): DQN with a memory (a multi-plasticity layer, a GRU or an LSTM) and
/// sequence replay. Its render draws the memory M beside each frame, and its analysis fits PCA to the hidden states h
/// and to M over recorded episodes (<see cref="RecurrentStateAnalysis"/>).
/// </summary>
public sealed class RecurrentDqnAlgorithm() : EnvironmentAlgorithm<RecurrentDqnTrainer.Options>(
    "recurrent-dqn",
    "DQN with a memory (multi-plasticity layer, GRU or LSTM) and sequence replay; render draws M beside the frame, analyze writes PCA of h and M.",
    "mpn-dqn-masked-cartpole",
    (ml, o) => ml.Synaptic().Trainers.RecurrentDqn(o))
{
    /// <summary>Episodes recorded for the analysis (the first with frames, for its GIF).</summary>
    public const int AnalysisEpisodes = 20;

    /// <inheritdoc />
    public override IReadOnlyList<string> Render(MLContext ml, ITransformer model, string environment, string directory, int episodes, int seed)
    {
        var memory = Memory(model);
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        for (var episode = 0; episode < episodes; episode++)
        {
            var recorded = memory.RecordEpisode(CliEnvironments.Make(environment), seed + episode, frames: true);
            var path = Path.Combine(directory, $"policy-memory-episode-{episode}.gif");
            RecurrentStateAnalysis.WriteEpisodeGif(path, recorded);
            files.Add(path);
        }
        return files;
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Analyze(MLContext ml, ITransformer model, string environment, string directory, int seed)
    {
        var memory = Memory(model);
        var episodes = Enumerable.Range(0, AnalysisEpisodes)
            .Select(i => memory.RecordEpisode(CliEnvironments.Make(environment), seed + i, frames: i == 0)).ToArray();
        var report = RecurrentStateAnalysis.Write(directory, episodes, new RecurrentAnalysisOptions { RenderedEpisode = 0 });
        return report.Files;
    }

    private static RecurrentQPolicy Memory(ITransformer model) => Policy(model).Model as RecurrentQPolicy
        ?? throw new ArgumentException($"The model's policy is a {Policy(model).Model.Kind} policy, not a recurrent Q-network.", nameof(model));
}
