using Synaptic.ML.Environments;

namespace Synaptic.ML.Trainers;

/// <summary>One stage of a <see cref="Curriculum"/>: a named task (an environment factory) and the rule that says it is mastered.</summary>
public sealed class CurriculumPhase
{
    /// <summary>Creates the phase.</summary>
    /// <param name="name">The phase's name, for logs and checkpoints.</param>
    /// <param name="environmentFactory">Makes one environment of this phase (a trainer calls it for each sub-environment).</param>
    /// <param name="mastery">When the phase is mastered; null for never, which only the last phase of a curriculum may be.</param>
    /// <exception cref="ArgumentException">The name is empty or the factory is null (named in the message).</exception>
    public CurriculumPhase(string name, Func<Env> environmentFactory, MasteryRule? mastery)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("A curriculum phase needs a name (for logs and checkpoints); it is empty.", nameof(name));
        if (environmentFactory is null)
            throw new ArgumentNullException(nameof(environmentFactory), $"Curriculum phase '{name}' has no environment factory.");
        Name = name;
        EnvironmentFactory = environmentFactory;
        Mastery = mastery;
    }

    /// <summary>The phase's name.</summary>
    public string Name { get; }

    /// <summary>Makes one environment of this phase.</summary>
    public Func<Env> EnvironmentFactory { get; }

    /// <summary>When the phase is mastered, or null for never.</summary>
    public MasteryRule? Mastery { get; }

    /// <inheritdoc />
    public override string ToString() => Mastery is null ? $"{Name} (until the end)" : $"{Name} (until the {Mastery})";
}
