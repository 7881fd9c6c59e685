namespace Synaptic.ML.Environments.Vector;

/// <summary>
/// When a vector environment restarts a sub-environment whose episode ended, as Gymnasium 1.x's
/// <c>AutoresetMode</c>.
/// </summary>
public enum AutoresetMode
{
    /// <summary>
    /// Gymnasium's default <c>NEXT_STEP</c>: the step that ends sub-environment i's episode returns
    /// its last observation with its reward and flags; the next <c>Step</c> call resets it instead of
    /// stepping, ignores its action, and returns the reset observation with reward 0 and both flags
    /// false. A transition from such a step is not a real one and should be skipped when learning.
    /// </summary>
    NextStep,

    /// <summary>
    /// Gymnasium's <c>SAME_STEP</c>: the step that ends sub-environment i's episode keeps its reward
    /// and flags but returns the first observation of the next episode; the last observation is in
    /// <see cref="VectorEnv.FinalObservations"/> (and the last info in <see cref="VectorEnv.FinalInfos"/>).
    /// </summary>
    SameStep,
}
