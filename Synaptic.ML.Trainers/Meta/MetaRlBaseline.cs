namespace Synaptic.ML.Trainers;

/// <summary>What the policy-gradient steps of <see cref="MamlRlTrainer"/> subtract from the returns to get advantages.</summary>
public enum MetaRlBaseline
{
    /// <summary>Nothing: the advantage is the discounted return to go.</summary>
    None,

    /// <summary>
    /// The mean return to go at the same time step over the batch's episodes that are still running then. Every
    /// episode of a task starts in the same state, so this is a cheap stand-in for the linear feature baseline of
    /// Finn et al. (2017), which regresses the return on the state and the time step.
    /// </summary>
    MeanReturn,
}
