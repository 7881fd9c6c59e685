namespace Synaptic.ML.Environments.Wrappers;

/// <summary>
/// Scales rewards so that their discounted sum has roughly unit variance, as Gymnasium's
/// <c>NormalizeReward</c>: a running discounted return G ← γ·G·(1 − terminated) + r updates
/// <see cref="Statistics"/> each step, and the reward returned is r / √(Var[G] + ε). The mean is not
/// subtracted, so the sign of every reward is kept.
/// </summary>
/// <remarks>
/// As in Gymnasium, G is carried across resets and cleared only by termination (not truncation).
/// Set <see cref="UpdateRunningMean"/> to false to freeze the scale for evaluation.
/// </remarks>
public sealed class NormalizeReward : Wrapper
{
    /// <summary>Wraps <paramref name="env"/>.</summary>
    /// <param name="env">The environment.</param>
    /// <param name="gamma">Discount of the running return, in [0, 1] (Gymnasium: 0.99).</param>
    /// <param name="epsilon">Added to the variance before the square root, positive (Gymnasium: 1e-8).</param>
    public NormalizeReward(Env env, double gamma = 0.99, double epsilon = 1e-8)
        : base(env)
    {
        if (!(gamma >= 0 && gamma <= 1))
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "The discount must be in [0, 1].");
        if (!(epsilon > 0) || !double.IsFinite(epsilon))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Epsilon must be positive and finite.");
        Gamma = gamma;
        Epsilon = epsilon;
    }

    /// <summary>Discount of the running return.</summary>
    public double Gamma { get; }

    /// <summary>The stability constant under the square root.</summary>
    public double Epsilon { get; }

    /// <summary>Running mean and variance of the discounted return (one element).</summary>
    public RunningMeanStd Statistics { get; } = new(1);

    /// <summary>The running discounted return G.</summary>
    public double DiscountedReturn { get; private set; }

    /// <summary>Whether steps still update <see cref="Statistics"/>; false freezes the scale (evaluation).</summary>
    public bool UpdateRunningMean { get; set; } = true;

    /// <inheritdoc />
    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        var outcome = Inner.Step(action, observation);
        DiscountedReturn = DiscountedReturn * Gamma * (outcome.Terminated ? 0 : 1) + outcome.Reward;
        if (UpdateRunningMean)
            Statistics.Update([DiscountedReturn]);
        return outcome with { Reward = outcome.Reward / Math.Sqrt(Statistics.Variance[0] + Epsilon) };
    }

    /// <summary>Writes the wrapped environment's state, <see cref="Statistics"/>, <see cref="DiscountedReturn"/> and <see cref="UpdateRunningMean"/>.</summary>
    /// <param name="writer">Destination.</param>
    protected override void WriteState(BinaryWriter writer)
    {
        base.WriteState(writer);
        Statistics.WriteState(writer);
        writer.Write(DiscountedReturn);
        writer.Write(UpdateRunningMean);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote, <see cref="UpdateRunningMean"/> included.</summary>
    /// <param name="reader">Source.</param>
    /// <exception cref="InvalidDataException">The saved statistics track another number of values.</exception>
    protected override void ReadState(BinaryReader reader)
    {
        base.ReadState(reader);
        Statistics.ReadState(reader, Id);
        DiscountedReturn = reader.ReadDouble();
        UpdateRunningMean = reader.ReadBoolean();
    }
}
