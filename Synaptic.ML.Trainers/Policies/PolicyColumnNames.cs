namespace Synaptic.ML.Trainers;

/// <summary>
/// Names of the columns a <see cref="PolicyTransformer"/> appends. Rename them when the data already has a
/// column of that name (episode views from <c>Rollout</c> hold the recorded <c>Action</c>; the policy's then
/// hides it unless renamed, e.g. to <c>PredictedAction</c>).
/// </summary>
public sealed record PolicyColumnNames
{
    /// <summary>The chosen action: an <see cref="int"/> (discrete) or a <see cref="float"/> vector (continuous). Default "Action".</summary>
    public string Action { get; init; } = "Action";

    /// <summary>Softmax over the actions of a discrete policy. Default "ActionProbabilities".</summary>
    public string ActionProbabilities { get; init; } = "ActionProbabilities";

    /// <summary>The Gaussian mean of a continuous policy, before clipping. Default "ActionMean".</summary>
    public string ActionMean { get; init; } = "ActionMean";

    /// <summary>The critic's state value. Default "Value".</summary>
    public string Value { get; init; } = "Value";

    /// <summary>Action values Q(s, ·) of value-based policies. Default "QValues".</summary>
    public string QValues { get; init; } = "QValues";

    /// <summary>The column name of a model output's role (<see cref="PolicyOutputRoles"/>); a role without a property here is its own name.</summary>
    /// <param name="role">The role.</param>
    /// <returns>The column name.</returns>
    public string NameOf(string role) => role switch
    {
        PolicyOutputRoles.ActionProbabilities => ActionProbabilities,
        PolicyOutputRoles.ActionMean => ActionMean,
        PolicyOutputRoles.Value => Value,
        PolicyOutputRoles.QValues => QValues,
        _ => role,
    };

    internal void Validate()
    {
        string[] names = [Action, ActionProbabilities, ActionMean, Value, QValues];
        if (names.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException("Policy output column names cannot be empty.");
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
            throw new ArgumentException($"Policy output column names must differ: {string.Join(", ", names)}.");
    }

    internal void Write(BinaryWriter writer)
    {
        writer.Write(Action);
        writer.Write(ActionProbabilities);
        writer.Write(ActionMean);
        writer.Write(Value);
        writer.Write(QValues);
    }

    /// <summary>Reads what <see cref="Write"/> wrote; policies saved before value-based models have no QValues name.</summary>
    internal static PolicyColumnNames Read(BinaryReader reader, bool hasQValues)
    {
        var names = new PolicyColumnNames
        {
            Action = reader.ReadString(),
            ActionProbabilities = reader.ReadString(),
            ActionMean = reader.ReadString(),
            Value = reader.ReadString(),
        };
        return hasQValues ? names with { QValues = reader.ReadString() } : names;
    }
}
