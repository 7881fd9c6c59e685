namespace Synaptic.ML.Trainers;

/// <summary>
/// Options of the spiking classifiers (<see cref="SpikingMulticlassTrainer"/>, <see cref="SpikingBinaryTrainer"/>):
/// the network, the loss, and Adam's ε, besides the minibatch, epoch, schedule and validation options of
/// <see cref="SupervisedTrainerOptions"/>. The defaults reproduce snnTorch's tutorial set-up: a 784-1000-10 Leaky
/// network (β 0.95, T 25, rate coding), cross-entropy on spike counts, Adam with learning rate 5e-4, batches of 128.
/// </summary>
public sealed class SpikingClassifierOptions : SupervisedTrainerOptions
{
    /// <summary>The network. Default <see cref="SpikingClassifierNetworkOptions"/>'s defaults (one hidden layer of 1,000 Leaky neurons).</summary>
    public SpikingClassifierNetworkOptions Network { get; set; } = new();

    /// <summary>The loss. Default <see cref="SpikingClassifierLoss.CrossEntropyCount"/>.</summary>
    public SpikingClassifierLoss Loss { get; set; } = SpikingClassifierLoss.CrossEntropyCount;

    /// <summary>Target firing rate of the correct class for <see cref="SpikingClassifierLoss.MseCount"/>, in [0, 1]. Default 1 (snnTorch's).</summary>
    public double CorrectRate { get; set; } = 1;

    /// <summary>Target firing rate of the other classes for <see cref="SpikingClassifierLoss.MseCount"/>, in [0, 1]. Default 0 (snnTorch's).</summary>
    public double IncorrectRate { get; set; }

    /// <summary>Adam's ε. Default 1e-8 (PyTorch's, which snnTorch's tutorials use).</summary>
    public double AdamEpsilon { get; set; } = 1e-8;

    internal override void Validate()
    {
        base.Validate();
        OptionChecks.NotNull(Network, nameof(Network));
        Network.Validate();
        NetworkValidation.Defined(Loss, nameof(Loss));
        OptionChecks.Unit(CorrectRate, nameof(CorrectRate));
        OptionChecks.Unit(IncorrectRate, nameof(IncorrectRate));
        OptionChecks.PositiveFinite(AdamEpsilon, nameof(AdamEpsilon));
    }
}
