using Synaptic.ML.Samples;

// Synaptic.ML samples: `dotnet run --project Synaptic.ML.Samples -c Release -- [command] [--out DIR]`.
// `solve` takes `--only NAME[,NAME…]` to make some of its runs, e.g. `solve --only ppo-snn`.
var commands = new Dictionary<string, (string Summary, Func<SampleArguments, int> Run)>(StringComparer.OrdinalIgnoreCase)
{
    ["cartpole"] = ("Train a spiking policy with PPO on CartPole-v1; save, reload, evaluate, plot, score an episode.", CartPoleSpikingPolicy.Run),
    ["solve"] = ("REINFORCE, A2C, PPO × MLP, SNN on CartPole-v1, and PPO on Pendulum-v1: steps and seconds to solve.", SolveControlTasks.Run),
    ["tabular"] = ("Q-learning on Taxi-v3 and the slippery FrozenLake-v1 beside value iteration; STDP-Q against Q-learning on Taxi over 5 seeds (table, curves).", TabularLearning.Run),
    ["dqn"] = ("DQN on CartPole-v1 (seeds 1–5, MLP and spiking), Acrobot-v1, offline from logged episodes, and MinAtar Breakout (DQN, A2C); --only, --steps.", ValueBasedSamples.Run),
    ["fewshot"] = ("Spiking and ANN prototypical networks on held-out glyph alphabets and Fashion-MNIST classes: 600-episode accuracies.", FewShotSamples.Run),
    ["encode"] = ("Encode Fashion-MNIST images as rate, latency and delta spike trains; save, reload, plot.", EncodeFashionMnist.Run),
    ["mpn"] = ("The multi-plasticity DQN and GRU, LSTM, feed-forward baselines on memory tasks: mpn compare|train|eval|render|analyze (--task, --only, --seeds, --experiment).", MultiPlasticitySamples.Run),
    ["rstdp"] = ("The reward-modulated STDP lane keeper: rstdp compare (curriculum or not, ablations, PPO and DQN; --seeds, --episodes, --only) | rstdp visuals (spikes, pool rates, weights, GIF).", RewardModulatedStdpSamples.Run),
    ["maze"] = ("The spiking maze agent (R-STDP, TD-error dopamine) on the 8×8 maze, seeds 1–5, with and without teacher, and plain STDP; --episodes, --teacher, --seeds.", SpikingMazeSamples.Run),
    ["classify"] = ("Spiking classifiers as ML.NET trainers: classify fashion (snnTorch's tutorial network; --epochs, --threads) | conv | baselines (SDCA, LightGBM) | binary (sneaker vs ankle boot, raster) | digits (CrossValidate, spiking features → SDCA).", SpikingClassifierSamples.Run),
    ["maml"] = ("Second- and first-order MAML on held-out glyph alphabets beside the prototypical network, the same 600 test episodes (5-way 1- and 5-shot); --only, --episodes, --backbone spiking.", MamlSamples.Run),
    ["maml-rl"] = ("MAML-RL adapting to unseen GridWorld goals against a tabular Q-learning specialist: returns after 0, 1, 5, 10 adaptation steps over seeds (table, plot); --seeds, --iterations.", MamlRlComparison.Run),
    ["render"] = ("Render CartPole and LaneKeeping episodes as GIFs and PNGs, and a Taxi episode as text.", RenderEpisodes.Run),
};
const string defaultCommand = "cartpole";

var parsed = SampleArguments.Parse(args, defaultCommand);
if (parsed.Command is "help" or "--help" or "-h")
{
    Console.WriteLine("Commands:");
    foreach (var (name, (summary, _)) in commands)
        Console.WriteLine($"  {name,-10} {summary}{(name == defaultCommand ? " (default)" : "")}");
    return 0;
}
if (!commands.TryGetValue(parsed.Command, out var command))
{
    Console.Error.WriteLine($"Unknown command '{parsed.Command}'. Known commands: {string.Join(", ", commands.Keys)}.");
    return 2;
}
return command.Run(parsed);
