using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML;
using Synaptic.ML.Trainers;

// `train` learns CartPole-v1 with PPO and saves the policy; `predict` loads it in a new MLContext (a new
// process, if you like) and balances the pole with a PredictionEngine; no verb does both.
var verb = args.FirstOrDefault() ?? "both";
if (verb is "train" or "both")
{
    var ml = new MLContext(seed: 0);
    var episodes = ml.Synaptic().Data.Rollout(ml.Synaptic().Environments.CartPole(), episodes: 1);   // the schema Fit reads
    var policy = ml.Synaptic().Trainers.Ppo("CartPole-v1", totalTimesteps: 4_096, seed: 1).Fit(episodes);
    ml.Model.Save(policy, episodes.Schema, "cartpole-policy.zip");
    Console.WriteLine($"trained {policy.TrainingHistory!.Updates.Count} PPO updates, saved cartpole-policy.zip");
}

if (verb is "predict" or "both")
{
    var ml = new MLContext(seed: 0);
    var model = ml.Synaptic().LoadModel("cartpole-policy.zip", out _);
    var engine = ml.Model.CreatePredictionEngine<CartPoleState, CartPoleAction>(model);
    var env = ml.Synaptic().Environments.CartPole();
    var observation = env.Reset(seed: 3);
    var (episodeReturn, done) = (0.0, false);
    while (!done)
    {
        var step = env.Step(engine.Predict(new CartPoleState { Observation = observation }).Action);
        (observation, episodeReturn, done) = (step.Observation, episodeReturn + step.Reward, step.Terminated || step.Truncated);
    }

    Console.WriteLine($"the loaded policy balanced the pole for a return of {episodeReturn}");
}

public sealed class CartPoleState { [VectorType(4)] public float[] Observation { get; set; } = []; }
public sealed class CartPoleAction { public int Action { get; set; } }
