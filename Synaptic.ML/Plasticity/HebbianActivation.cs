namespace Synaptic.ML.Plasticity;

/// <summary>Activation f of a <see cref="HebbianMultiPlasticity"/> layer.</summary>
public enum HebbianActivation
{
    /// <summary>f(u) = tanh(u), which keeps h and therefore the Hebbian trace bounded.</summary>
    Tanh,

    /// <summary>f(u) = u.</summary>
    Identity,
}
