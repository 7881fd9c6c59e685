namespace Synaptic.ML.Trainers;

/// <summary>
/// Options shared by the tabular learners (<see cref="QLearningTrainer"/>, <see cref="SarsaTrainer"/>,
/// <see cref="ExpectedSarsaTrainer"/>, <see cref="StdpQLearningTrainer"/>): the step size α, the discount γ, ε-greedy exploration with a schedule,
/// the initial Q-values, and how many environment steps make one iteration (when callbacks run).
/// </summary>
public abstract class TabularOptions : EnvironmentTrainerOptions
{
    /// <summary>Creates the options; tabular learners need no TorchSharp, and one environment by default.</summary>
    private protected TabularOptions()
    {
        TotalTimesteps = 50_000;
    }

    /// <summary>Step size α of the temporal-difference update, in (0, 1]. Default 0.1.</summary>
    public double LearningRate { get; set; } = 0.1;

    /// <summary>Discount factor γ in [0, 1]. Default 0.99.</summary>
    public double Gamma { get; set; } = 0.99;

    /// <summary>Exploration ε at the start. Default 1.</summary>
    public double ExplorationInitial { get; set; } = 1.0;

    /// <summary>Exploration ε at the end of <see cref="ExplorationFraction"/> of the budget and after. Default 0.05.</summary>
    public double ExplorationFinal { get; set; } = 0.05;

    /// <summary>Fraction of the budget over which ε goes from <see cref="ExplorationInitial"/> to <see cref="ExplorationFinal"/>. Default 0.5.</summary>
    public double ExplorationFraction { get; set; } = 0.5;

    /// <summary>
    /// How ε moves over <see cref="ExplorationFraction"/>: ε = final + (initial − final)·schedule(1, p) with p the
    /// fraction of that part of the budget used. Default <see cref="Schedule.Linear"/> (Stable-Baselines3's DQN).
    /// </summary>
    public Schedule ExplorationSchedule { get; set; } = Schedule.Linear;

    /// <summary>Q-value every entry starts with (optimism encourages exploration). Default 0.</summary>
    public double InitialQValue { get; set; }

    /// <summary>Environment steps (all environments together) per iteration; callbacks (evaluation, progress) run between iterations. Default 1,000.</summary>
    public int StepsPerIteration { get; set; } = 1_000;

    internal override void Validate()
    {
        base.Validate();
        if (!(LearningRate > 0 && LearningRate <= 1))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, $"{nameof(LearningRate)} must lie in (0, 1]; it is {LearningRate}.");
        OptionChecks.Unit(Gamma, nameof(Gamma));
        OptionChecks.Unit(ExplorationInitial, nameof(ExplorationInitial));
        OptionChecks.Unit(ExplorationFinal, nameof(ExplorationFinal));
        if (!(ExplorationFraction > 0 && ExplorationFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(ExplorationFraction), ExplorationFraction, $"{nameof(ExplorationFraction)} must lie in (0, 1]; it is {ExplorationFraction}.");
        OptionChecks.NotNull(ExplorationSchedule, nameof(ExplorationSchedule));
        OptionChecks.Finite(InitialQValue, nameof(InitialQValue));
        OptionChecks.Positive(StepsPerIteration, nameof(StepsPerIteration));
    }
}
