using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples;

/// <summary>
/// The <c>cartpole</c> command: trains a spiking policy (128 leaky neurons, 8 time steps per decision) with PPO
/// on CartPole-v1 until its deterministic evaluation reaches 475, with a console progress bar; saves it as an
/// ML.NET model zip, reloads it in a fresh <see cref="MLContext"/>, evaluates it on 100 new episodes, draws its
/// learning curve, and scores one episode through it as an ML.NET transformer.
/// </summary>
public static class CartPoleSpikingPolicy
{
    private const string ModelFile = "cartpole-spiking-policy.zip";
    private const string CurveFile = "cartpole-spiking-learning-curve.png";

    /// <summary>Runs the command.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>0 when the reloaded policy solves CartPole-v1 (mean return ≥ 475), 1 otherwise.</returns>
    public static int Run(SampleArguments args)
    {
        ArgumentNullException.ThrowIfNull(args);
        Directory.CreateDirectory(args.OutputDirectory);
        // The networks are tiny: one thread is faster than several, and leaves the other cores to other work.
        // TorchScope also checks first that libtorch loads, and says in one sentence what to do when it does not.
        using var torch = Synaptic.ML.Torch.TorchScope.Enter(1);
        var modelPath = Path.Combine(args.OutputDirectory, ModelFile);

        var run = SolveSettings.Named("ppo-snn");
        Train(run, modelPath);
        var policy = Reload(modelPath);
        var evaluation = Evaluate(policy);

        var curvePath = Path.Combine(args.OutputDirectory, CurveFile);
        policy.TrainingHistory!.SaveLearningCurve(curvePath, $"PPO, spiking policy, {run.EnvironmentId}");
        Console.WriteLine($"Learning curve: {curvePath}");

        ScoreOneEpisode(policy);
        return evaluation.MeanReturn >= SolveSettings.CartPoleGoal ? 0 : 1;
    }

    private static void Train(SolveRun run, string modelPath)
    {
        var ml = new MLContext(seed: 0);
        // Fit reads only the schema of its input: one recorded episode gives it the Observation column (4 floats).
        var data = ml.Synaptic().Data.Rollout(ml.Synaptic().Environments.CartPole(), episodes: 1);
        // The PPO SNN row of the solve table: RL Zoo PPO hyperparameters, the spiking network, budget and evaluations.
        var progress = new ConsoleProgressBar($"{run.Algorithm} {run.Policy}");
        var options = (PpoTrainer.Options)run.CreateOptions(progress);
        Console.WriteLine($"Training {options.Policy} with PPO on {run.EnvironmentId} (budget {run.Budget:N0} steps, stop at evaluation ≥ {run.StopAtEvaluationReturn}).");

        var clock = Stopwatch.StartNew();
        var policy = ml.Synaptic().Trainers.Ppo(options).Fit(data);
        var seconds = clock.Elapsed.TotalSeconds;
        var last = policy.TrainingHistory!.Updates[^1];
        progress.Complete(last.EvaluationReturn >= run.StopAtEvaluationReturn ? "solved" : "budget spent");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Trained in {last.EnvironmentSteps:N0} steps: {last.WallSeconds:F1} s of training, {seconds:F1} s with the evaluations."));

        ml.Model.Save(policy, data.Schema, modelPath);
        Console.WriteLine($"Saved {modelPath} ({new FileInfo(modelPath).Length / 1024.0:F0} KiB)");
    }

    private static PolicyTransformer Reload(string modelPath)
    {
        var ml = new MLContext(seed: 0);
        var loaded = ml.Synaptic().LoadModel(modelPath, out _);
        return loaded as PolicyTransformer
            ?? throw new InvalidOperationException($"{modelPath} holds a {loaded.GetType().Name}, not a PolicyTransformer.");
    }

    private static PolicyEvaluation Evaluate(PolicyTransformer policy)
    {
        var ml = new MLContext(seed: 0);
        var clock = Stopwatch.StartNew();
        var evaluation = ml.Synaptic().Evaluate(policy, () => ml.Synaptic().Environments.CartPole(),
            SolveSettings.FinalEvaluationEpisodes, SolveSettings.FinalEvaluationSeed);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Reloaded policy, {evaluation.Episodes} deterministic episodes from seed {SolveSettings.FinalEvaluationSeed}: " +
            $"return {evaluation.MeanReturn:F1} ± {evaluation.StdReturn:F1}, length {evaluation.MeanLength:F1}, " +
            $"success {evaluation.SuccessRate * 100:F0}% (return ≥ {evaluation.SuccessThreshold}), {clock.Elapsed.TotalSeconds:F1} s"));
        return evaluation;
    }

    // The policy is an ML.NET transformer: it appends Action, ActionProbabilities and Value to any view with an
    // Observation column, here an episode it played itself.
    private static void ScoreOneEpisode(PolicyTransformer policy)
    {
        var ml = new MLContext(seed: 0);
        var episode = ml.Synaptic().Data.Rollout(ml.Synaptic().Environments.CartPole(), policy.AsPolicy(), episodes: 1, seed: 7);
        var scored = policy.Transform(episode);
        Console.WriteLine("Scored episode (first 3 steps):");
        Console.WriteLine($"  {"Step",4}  {"Observation [x, v, angle, angular v]",-36}  {"Action",6}  {"ActionProbabilities",-19}  {"Value",6}");
        foreach (var row in ml.Data.CreateEnumerable<ScoredStep>(scored, reuseRowObject: false).Take(3))
        {
            var observation = $"[{string.Join(", ", row.Observation.Select(v => v.ToString("+0.000;-0.000", CultureInfo.InvariantCulture)))}]";
            var probabilities = $"[{string.Join(", ", row.ActionProbabilities.Select(p => p.ToString("F3", CultureInfo.InvariantCulture)))}]";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {row.Step,4}  {observation,-36}  {row.Action,6}  {probabilities,-19}  {row.Value,6:F2}"));
        }
    }

    /// <summary>A row of a scored episode: the step and observation, and the columns the policy appended.</summary>
    public sealed class ScoredStep
    {
        /// <summary>Step within the episode.</summary>
        public int Step { get; set; }

        /// <summary>The observation the policy read.</summary>
        [VectorType(4)]
        public float[] Observation { get; set; } = [];

        /// <summary>The policy's action (0 push left, 1 push right); it hides the episode's own Action column.</summary>
        public int Action { get; set; }

        /// <summary>Softmax over the two actions.</summary>
        [VectorType(2)]
        public float[] ActionProbabilities { get; set; } = [];

        /// <summary>The critic's state value.</summary>
        public float Value { get; set; }
    }
}
