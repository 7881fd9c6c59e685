namespace Synaptic.ML.Trainers;

/// <summary>The loss a spiking classifier is trained with: snnTorch's <c>snntorch.functional</c> losses (see <see cref="Neurons.SpikeLosses"/>).</summary>
public enum SpikingClassifierLoss
{
    /// <summary>Cross-entropy of the output spike counts (<c>ce_count_loss</c>).</summary>
    CrossEntropyCount,

    /// <summary>Cross-entropy of the output spikes at every step, averaged over the steps (<c>ce_rate_loss</c>).</summary>
    CrossEntropyRate,

    /// <summary>Cross-entropy of the output neurons' peak membrane potential (<c>ce_max_membrane_loss</c>).</summary>
    CrossEntropyMaxMembrane,

    /// <summary>
    /// Squared error of the spike counts against target firing rates (<c>mse_count_loss</c>;
    /// <see cref="SpikingClassifierOptions.CorrectRate"/>, <see cref="SpikingClassifierOptions.IncorrectRate"/>).
    /// </summary>
    MseCount,

    /// <summary>Squared error of the membrane potential against 1 (correct class) and 0 (others) at every step (<c>mse_membrane_loss</c>).</summary>
    MseMembrane,
}
