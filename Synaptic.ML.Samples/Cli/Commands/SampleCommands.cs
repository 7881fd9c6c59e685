using System.CommandLine;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// The samples (each shows one task end to end with settings written in C#), reachable as <c>synaptic sample NAME</c>
/// or by their name alone; with no arguments at all the program runs the <c>cartpole</c> sample.
/// </summary>
public static class SampleCommands
{
    private const string DefaultSample = "cartpole";

    private static readonly Dictionary<string, (string Summary, Func<SampleArguments, int> Run)> Samples = new(StringComparer.OrdinalIgnoreCase)
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
        ["render"] = ("Render CartPole and LaneKeeping episodes as GIFs and PNGs, and a Taxi episode as text (as 'sample render'; 'render' alone renders a trained model).", RenderEpisodes.Run),
    };

    /// <summary>Whether <paramref name="name"/> is a sample.</summary>
    /// <param name="name">The first argument.</param>
    /// <returns>Whether a sample has that name.</returns>
    public static bool IsSample(string name) => Samples.ContainsKey(name);

    /// <summary>Runs the sample the arguments name (the samples' own parser: <c>NAME [verb] [--out DIR] [--name value…]</c>).</summary>
    /// <param name="args">The arguments, the sample's name first (none: the default sample).</param>
    /// <returns>The sample's exit code.</returns>
    public static int Run(string[] args)
    {
        var parsed = SampleArguments.Parse(args, DefaultSample);
        if (!Samples.TryGetValue(parsed.Command, out var sample))
        {
            Console.Error.WriteLine($"Unknown sample '{parsed.Command}'. The samples: {string.Join(", ", Samples.Keys)}.");
            return 2;
        }
        return sample.Run(parsed);
    }

    /// <summary>The <c>sample</c> command: one subcommand per sample, passing its arguments to the sample.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var command = new Command("sample", $"Run a sample (with no arguments at all, the program runs '{DefaultSample}').");
        foreach (var (name, (summary, _)) in Samples)
        {
            var arguments = new Argument<string[]>("arguments") { Arity = ArgumentArity.ZeroOrMore, Description = "The sample's own arguments." };
            var sub = new Command(name, summary) { arguments };
            sub.TreatUnmatchedTokensAsErrors = false;
            var sampleName = name;
            sub.SetAction(result => Run([sampleName, .. result.GetValue(arguments) ?? [], .. result.UnmatchedTokens]));
            command.Subcommands.Add(sub);
        }
        return command;
    }
}
