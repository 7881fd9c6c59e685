namespace Synaptic.ML.Trainers;

/// <summary>The nonlinearity between the hidden layers of an artificial network.</summary>
public enum HiddenActivation
{
    /// <summary>Hyperbolic tangent (Stable-Baselines3's default for on-policy algorithms).</summary>
    Tanh,

    /// <summary>Rectified linear unit.</summary>
    ReLU,
}
