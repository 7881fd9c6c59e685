using Synaptic.ML.Environments;

namespace Synaptic.ML.Trainers;

/// <summary>
/// An environment that plays a <see cref="Curriculum"/>: it holds one environment of each phase and, at every
/// reset, switches to the curriculum's current phase, so a vector environment of these moves each
/// sub-environment to a new phase at that sub-environment's next reset, without being rebuilt. A running episode
/// always finishes in the phase it started in.
/// </summary>
/// <remarks>
/// <para>
/// Every phase must observe and act in the same spaces (checked when the environment is made, naming the phase
/// that differs), because a policy trained in one phase goes on in the next.
/// </para>
/// <para>
/// Seeding: <c>Reset(seed)</c> passes the seed to the current phase's environment, exactly as if that environment
/// were used alone; a phase entered later is seeded once from this environment's own generator (itself seeded
/// by the last <c>Reset(seed)</c>), so a seeded run is reproducible across advances. <see cref="Env.SaveState"/>
/// writes the phase being played and every phase's environment, so a run resumed from a checkpoint switches
/// exactly where the uninterrupted one did.
/// </para>
/// <para>
/// The curriculum is read, not changed: the trainer reports episodes to it between steps (never while
/// sub-environments step, also on worker threads).
/// </para>
/// </remarks>
public sealed class CurriculumEnv : Env, IDisposable
{
    private readonly Curriculum _curriculum;
    private readonly Env[] _envs;
    private readonly bool[] _seeded;   // whether phase i's environment was seeded since this environment's last seed
    private int _phase;
    private int _endedPhase = -1;

    /// <summary>Makes one environment of each of <paramref name="curriculum"/>'s phases.</summary>
    /// <param name="curriculum">The curriculum whose current phase each reset plays.</param>
    /// <exception cref="ArgumentException">A phase's factory returned null, or a phase observes or acts in other spaces than the first (the phase is named).</exception>
    public CurriculumEnv(Curriculum curriculum)
        : base(IdOf(curriculum))
    {
        _curriculum = curriculum;
        var phases = curriculum.Phases;
        _envs = new Env[phases.Count];
        _seeded = new bool[phases.Count];
        for (var i = 0; i < phases.Count; i++)
        {
            _envs[i] = phases[i].EnvironmentFactory()
                ?? throw new ArgumentException($"The environment factory of curriculum phase {i} ('{phases[i].Name}') returned null.", nameof(curriculum));
            if (i > 0)
                CheckSameSpaces(phases, i);
        }
        _phase = curriculum.PhaseIndex;
    }

    /// <summary>The curriculum being played.</summary>
    public Curriculum Curriculum => _curriculum;

    /// <summary>Index of the phase whose environment plays the running episode (before the first reset, the curriculum's current phase).</summary>
    public int Phase => _phase;

    /// <summary>
    /// Index of the phase of the episode that ended last (−1 before one ended); still that episode's phase after a
    /// vector environment restarted this one in the same step, so a trainer can tag the episode with it.
    /// </summary>
    public int EndedEpisodePhase => _endedPhase;

    /// <summary>The environment of the phase being played.</summary>
    public Env Current => _envs[_phase];

    /// <inheritdoc />
    public override Space ObservationSpace => _envs[0].ObservationSpace;

    /// <inheritdoc />
    public override Space ActionSpace => _envs[0].ActionSpace;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object> Info => Current.Info;

    /// <inheritdoc />
    public override Env Unwrapped => Current.Unwrapped;

    /// <inheritdoc />
    public override Frame Render() => Current.Render();

    /// <inheritdoc />
    public override string? RenderText() => Current.RenderText();

    /// <summary>Disposes the phases' environments that are <see cref="IDisposable"/>.</summary>
    public void Dispose()
    {
        foreach (var env in _envs)
            (env as IDisposable)?.Dispose();
    }

    /// <inheritdoc />
    protected override void OnReset(Span<float> observation, int? seed)
    {
        if (seed is not null)
            Array.Clear(_seeded);   // a new seed decides every phase's future, also of the phases entered later
        _phase = _curriculum.PhaseIndex;
        var innerSeed = seed;
        if (innerSeed is null && !_seeded[_phase])
            innerSeed = Random.NextInt(int.MaxValue);
        _seeded[_phase] = true;
        Current.Reset(observation, innerSeed);
    }

    /// <inheritdoc />
    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        var outcome = Current.Step(action, observation);
        if (outcome.Done)
            _endedPhase = _phase;
        return outcome;
    }

    /// <summary>Writes the phase being played and that of the last ended episode, which phases were seeded, and every phase's environment.</summary>
    /// <param name="writer">Destination.</param>
    protected override void WriteState(BinaryWriter writer)
    {
        base.WriteState(writer);
        writer.Write(_envs.Length);
        writer.Write(_phase);
        writer.Write(_endedPhase);
        foreach (var seeded in _seeded)
            writer.Write(seeded);
        foreach (var env in _envs)
            env.SaveState(writer);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    /// <param name="reader">Source.</param>
    /// <exception cref="InvalidDataException">The state has another number of phases or a phase out of range.</exception>
    protected override void ReadState(BinaryReader reader)
    {
        base.ReadState(reader);
        var count = reader.ReadInt32();
        if (count != _envs.Length)
            throw new InvalidDataException($"The saved state of {Id} has {count} phases; this one has {_envs.Length}.");
        var phase = reader.ReadInt32();
        if (phase < 0 || phase >= count)
            throw new InvalidDataException($"The saved state of {Id} plays phase {phase}; phases are 0 to {count - 1}.");
        var endedPhase = reader.ReadInt32();
        if (endedPhase < -1 || endedPhase >= count)
            throw new InvalidDataException($"The saved state of {Id} last ended an episode of phase {endedPhase}; phases are 0 to {count - 1} (−1: none yet).");
        for (var i = 0; i < count; i++)
            _seeded[i] = reader.ReadBoolean();
        foreach (var env in _envs)
            env.LoadState(reader);
        _phase = phase;
        _endedPhase = endedPhase;
    }

    private static string IdOf(Curriculum curriculum)
    {
        ArgumentNullException.ThrowIfNull(curriculum);
        return $"Curriculum[{string.Join(", ", curriculum.Phases.Select(p => p.Name))}]";
    }

    private void CheckSameSpaces(IReadOnlyList<CurriculumPhase> phases, int i)
    {
        // Compared as vector environments compare their sub-environments: size and description.
        Env first = _envs[0], other = _envs[i];
        if (first.ObservationSpace.Size != other.ObservationSpace.Size || first.ObservationSpace.ToString() != other.ObservationSpace.ToString())
            throw new ArgumentException(
                $"Curriculum phase {i} ('{phases[i].Name}') observes {other.ObservationSpace}; phase 0 ('{phases[0].Name}') observes {first.ObservationSpace}. Every phase needs the same observation space.",
                "curriculum");
        if (first.ActionSpace.Size != other.ActionSpace.Size || first.ActionSpace.ToString() != other.ActionSpace.ToString())
            throw new ArgumentException(
                $"Curriculum phase {i} ('{phases[i].Name}') acts in {other.ActionSpace}; phase 0 ('{phases[0].Name}') acts in {first.ActionSpace}. Every phase needs the same action space.",
                "curriculum");
    }
}
