using Synaptic.ML.Environments;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Options shared by the on-policy trainers (<see cref="ReinforceTrainer"/>, <see cref="A2CTrainer"/>,
/// <see cref="PpoTrainer"/>): the environment, the step budget, the networks, optimisation, evaluation during
/// training, checkpoints, progress and cancellation.
/// </summary>
public abstract class OnPolicyOptions : EnvironmentTrainerOptions
{
    /// <summary>Creates the options; on-policy trainers use one TorchSharp thread by default.</summary>
    private protected OnPolicyOptions()
    {
        // Policy networks are small enough that one thread is fastest, and results are then bit-reproducible.
        TorchThreads = 1;
    }

    /// <summary>Discount factor γ in [0, 1]. Default 0.99.</summary>
    public double Gamma { get; set; } = 0.99;

    /// <summary>Adam learning rate. The default depends on the algorithm.</summary>
    public double LearningRate { get; set; } = 3e-4;

    /// <summary>
    /// How the learning rate changes over training. Default <see cref="Schedule.Constant"/>. It is evaluated before each
    /// update at the budget fraction used so far, with the update index as both <see cref="SchedulePoint.Step"/> and
    /// <see cref="SchedulePoint.StepsInPhase"/> (one phase).
    /// </summary>
    public Schedule LearningRateSchedule { get; set; } = Schedule.Constant;

    /// <summary>Weight of the entropy bonus. Default 0.</summary>
    public double EntropyCoefficient { get; set; }

    /// <summary>Weight of the value loss. Default 0.5.</summary>
    public double ValueCoefficient { get; set; } = 0.5;

    /// <summary>Clip of the global gradient norm, or null for none. Default 0.5.</summary>
    public double? MaxGradientNorm { get; set; } = 0.5;

    /// <summary>The actor network. Default an MLP [64, 64] with tanh.</summary>
    public PolicyNetworkOptions Policy { get; set; } = new MlpPolicyOptions();

    /// <summary>Hidden sizes of the critic (an MLP with tanh). Default [64, 64].</summary>
    public int[] ValueHiddenSizes { get; set; } = [64, 64];

    /// <summary>Initial log standard deviation of continuous (Gaussian) policies. Default 0.</summary>
    public double InitialLogStd { get; set; }

    /// <summary>Checks the options, naming the first invalid one.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    internal override void Validate()
    {
        base.Validate();
        OptionChecks.Unit(Gamma, nameof(Gamma));
        OptionChecks.PositiveFinite(LearningRate, nameof(LearningRate));
        OptionChecks.NotNull(LearningRateSchedule, nameof(LearningRateSchedule));
        OptionChecks.NotNegativeFinite(EntropyCoefficient, nameof(EntropyCoefficient));
        OptionChecks.NotNegativeFinite(ValueCoefficient, nameof(ValueCoefficient));
        OptionChecks.PositiveOrNull(MaxGradientNorm, nameof(MaxGradientNorm));
        OptionChecks.NotNull(Policy, nameof(Policy));
        Policy.Validate();
        OptionChecks.AllPositive(ValueHiddenSizes, nameof(ValueHiddenSizes));
        OptionChecks.Finite(InitialLogStd, nameof(InitialLogStd));
    }
}
