namespace Synaptic.ML.Trainers;

/// <summary>A column a policy model appends besides the action.</summary>
/// <param name="Role">
/// What the column holds (<see cref="PolicyOutputRoles"/>); <see cref="PolicyColumnNames"/> maps it to the
/// column's name.
/// </param>
/// <param name="Size">Floats per row.</param>
/// <param name="IsVector">Whether the column is a vector of <paramref name="Size"/> floats (true) or one Single (false, size 1).</param>
public sealed record PolicyOutput(string Role, int Size, bool IsVector = true);

/// <summary>The roles of <see cref="PolicyOutput"/> columns that Synaptic.ML's models append.</summary>
public static class PolicyOutputRoles
{
    /// <summary>Softmax over the discrete actions.</summary>
    public const string ActionProbabilities = nameof(ActionProbabilities);

    /// <summary>The Gaussian mean of a continuous action, before clipping.</summary>
    public const string ActionMean = nameof(ActionMean);

    /// <summary>The critic's state value.</summary>
    public const string Value = nameof(Value);

    /// <summary>Action values Q(s, ·) of a value-based policy.</summary>
    public const string QValues = nameof(QValues);
}
