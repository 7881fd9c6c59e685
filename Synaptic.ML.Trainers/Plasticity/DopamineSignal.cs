namespace Synaptic.ML.Trainers;

/// <summary>What the dopamine of a reward-modulated STDP agent signals, and when it is applied.</summary>
public enum DopamineSignal
{
    /// <summary>
    /// A reward-prediction error after every decision (Schultz's dopamine): δ = r + γ·V(x′) − V(x) from a linear critic
    /// V(x) = v·x + b on the decision window's presynaptic spike rates x = c/T (0 for V(x′) at a crash; at the time limit
    /// the final observation is read), learned by the normalised LMS rule; ΔW = η·δ·E after every decision.
    /// </summary>
    TemporalDifference,

    /// <summary>
    /// One dopamine per episode: its return minus a running baseline (baseline ← baseline + β·(return − baseline));
    /// ΔW = η·dopamine·E at the episode's end, E summed over its decisions or steps.
    /// </summary>
    EpisodeReturn,
}
