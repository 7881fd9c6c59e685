using System.Globalization;
using Microsoft.ML;
using Synaptic.ML.Environments.Custom;
using Synaptic.ML.Plotting;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples;

/// <summary>
/// <c>rstdp visuals</c>: trains one lane keeper with the curriculum (<c>--seed 1</c>, <c>--episodes 500</c>) and draws
/// what it does: a raster of the 100 neurons in one decision on the complex track, the motor pools' rates in that
/// decision, the recurrent weights before and after training, and a GIF of an episode with the spike raster of each
/// decision beside the car and its sensor rays.
/// </summary>
internal static class RewardModulatedStdpVisuals
{
    private static readonly string[] PoolNames = ["left", "straight", "right"];

    public static int Run(SampleArguments args)
    {
        var seed = int.Parse(args.Setting("seed", "1"), CultureInfo.InvariantCulture);
        var episodes = int.Parse(args.Setting("episodes", "500"), CultureInfo.InvariantCulture);
        var directory = args.OutputDirectory;
        var ml = new MLContext(seed: 0);
        var data = ml.Synaptic().Data.Rollout(ml.Synaptic().Environments.Make(LaneKeeping.EnvId), episodes: 1, seed: 0);

        // η = 0 for one episode leaves the initial weights: the same seed draws the same network.
        var untrainedOptions = RewardModulatedStdpSamples.Configuration("curriculum", seed, 1);
        untrainedOptions.LearningRate = 0;
        var untrained = (RewardModulatedStdpPolicy)ml.Synaptic().Trainers.RewardModulatedStdp(untrainedOptions).Fit(data).Model;
        var policy = ml.Synaptic().Trainers.RewardModulatedStdp(RewardModulatedStdpSamples.Configuration("curriculum", seed, episodes)).Fit(data);
        var trained = (RewardModulatedStdpPolicy)policy.Model;
        var evaluation = ml.Synaptic().Evaluate(policy, RewardModulatedStdpSamples.ComplexTrack(), episodes: 100, seed: 12345);
        Console.WriteLine($"seed {seed}, {episodes} curriculum episodes: complex track {evaluation}");

        var n = trained.Neurons;
        WeightHeatmapPlot.SavePng(Path.Combine(directory, "rstdp-weights-before.png"), untrained.Weights, n, n,
            "Recurrent weights W[post, pre] before training (columns 80–99 inhibitory)");
        WeightHeatmapPlot.SavePng(Path.Combine(directory, "rstdp-weights-after.png"), trained.Weights, n, n,
            $"After {episodes} curriculum episodes (rows 0–79: motor pools left, straight, right)");

        // A decision in the middle of a complex-track episode.
        var env = RewardModulatedStdpSamples.ComplexTrack();
        var observation = new float[3];
        env.Reset(observation, 12345);
        for (var t = 0; t < 30; t++)
        {
            var action = trained.TraceDecision(observation).Action;
            if (env.Step([action], observation).Done)
                break;
        }
        var decision = trained.TraceDecision(observation);
        var sensors = string.Join(", ", observation.Select(v => v.ToString("F1", CultureInfo.InvariantCulture)));
        SpikeRasterPlot.SavePng(Path.Combine(directory, "rstdp-raster.png"), decision.Spikes, decision.Steps, n,
            $"One decision (sensors {sensors}): 100 neurons × {decision.Steps} steps → {PoolNames[decision.Action]}");
        var series = Enumerable.Range(0, decision.Pools).Select(p => new LineSeries(
            $"{PoolNames[p]} pool (score {decision.Scores[p]:F1})",
            [.. Enumerable.Range(0, decision.Steps).Select(t => (double)t)], decision.PoolRate(p, window: 10))).ToList();
        LinePlot.SavePng(Path.Combine(directory, "rstdp-pool-rates.png"), series,
            "Motor-pool rates in that decision (spikes per neuron per step, 10-step mean)", "neuron step", "rate");

        var episode = trained.RecordEpisode(RewardModulatedStdpSamples.ComplexTrack(), 12345, frames: true);
        var frames = RecurrentStateAnalysis.WriteEpisodeGif(Path.Combine(directory, "rstdp-episode.gif"), episode,
            new RecurrentAnalysisOptions { GifMaxFrames = 100 });
        Console.WriteLine($"{directory}: weights, raster, pool rates, and an episode GIF ({frames} frames, return {episode.Return:F1})");
        return 0;
    }
}
