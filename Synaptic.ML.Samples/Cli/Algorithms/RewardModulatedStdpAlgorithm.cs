using System.Globalization;
using Microsoft.ML;
using Synaptic.ML.Environments.Custom;
using Synaptic.ML.Plotting;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// <c>rstdp</c>: the reward-modulated STDP agent (a recurrent LIF population with motor pools), trained for a number of
/// episodes, usually through a curriculum (<see cref="CliEnvironments.LaneKeepingCurriculum"/>). Its render draws each
/// decision's spike raster beside the frame; its analysis draws one decision's raster and pool rates and the
/// recurrent weights (as <c>sample rstdp visuals</c>).
/// </summary>
public sealed class RewardModulatedStdpAlgorithm() : EnvironmentAlgorithm<RewardModulatedStdpTrainer.Options>(
    "rstdp",
    "Reward-modulated STDP in a recurrent LIF population with motor pools (curricula by id, e.g. LaneKeepingCurriculum-v0); render and analyze draw its spikes and weights.",
    "rstdp-lane-keeping",
    (ml, o) => ml.Synaptic().Trainers.RewardModulatedStdp(o),
    nameof(RewardModulatedStdpTrainer.Options.Episodes))
{
    /// <summary>Steps played before the analysed decision, so that it lies inside an episode.</summary>
    public const int AnalysedStep = 30;

    /// <inheritdoc />
    public override IReadOnlyList<string> Render(MLContext ml, ITransformer model, string environment, string directory, int episodes, int seed)
    {
        var agent = Agent(model);
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        for (var episode = 0; episode < episodes; episode++)
        {
            var recorded = agent.RecordEpisode(CliEnvironments.Make(environment), seed + episode, frames: true);
            var path = Path.Combine(directory, $"policy-spikes-episode-{episode}.gif");
            RecurrentStateAnalysis.WriteEpisodeGif(path, recorded);
            files.Add(path);
        }
        return files;
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Analyze(MLContext ml, ITransformer model, string environment, string directory, int seed)
    {
        var agent = Agent(model);
        Directory.CreateDirectory(directory);
        var env = CliEnvironments.Make(environment);
        var observation = new float[env.ObservationSpace.Size];
        env.Reset(observation, seed);
        for (var t = 0; t < AnalysedStep; t++)
        {
            if (env.Step([agent.TraceDecision(observation).Action], observation).Done)
                break;
        }
        var decision = agent.TraceDecision(observation);
        var pools = env.Unwrapped is LaneKeeping ? ["left", "straight", "right"] : Enumerable.Range(0, decision.Pools).Select(p => $"action {agent.FirstAction + p}").ToArray();
        var n = agent.Neurons;
        var inv = CultureInfo.InvariantCulture;
        var sensors = string.Join(", ", observation.Select(v => v.ToString("F1", inv)));
        string raster = Path.Combine(directory, "rstdp-raster.png"), rates = Path.Combine(directory, "rstdp-pool-rates.png"), weights = Path.Combine(directory, "rstdp-weights.png");
        SpikeRasterPlot.SavePng(raster, decision.Spikes, decision.Steps, n,
            $"One decision (observation {sensors}): {n} neurons × {decision.Steps} steps → {pools[decision.Action - agent.FirstAction]}");
        var series = Enumerable.Range(0, decision.Pools).Select(p => new LineSeries(
            string.Create(inv, $"{pools[p]} pool (score {decision.Scores[p]:F1})"),
            [.. Enumerable.Range(0, decision.Steps).Select(t => (double)t)], decision.PoolRate(p, window: Math.Min(10, decision.Steps)))).ToList();
        LinePlot.SavePng(rates, series, "Motor-pool rates in that decision (spikes per neuron per step, 10-step mean)", "neuron step", "rate");
        WeightHeatmapPlot.SavePng(weights, agent.Weights, n, n,
            $"Recurrent weights W[post, pre] after training (rows 0–{agent.Actions * agent.PoolSize - 1}: motor pools; the last {n - agent.ExcitatoryNeurons} inhibitory)");
        return [raster, rates, weights];
    }

    private static RewardModulatedStdpPolicy Agent(ITransformer model) => Policy(model).Model as RewardModulatedStdpPolicy
        ?? throw new ArgumentException($"The model's policy is a {Policy(model).Model.Kind} policy, not an R-STDP agent.", nameof(model));
}
