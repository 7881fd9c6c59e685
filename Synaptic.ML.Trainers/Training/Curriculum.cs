namespace Synaptic.ML.Trainers;

/// <summary>
/// A sequence of tasks from easy to hard (Bengio et al., 2009, curriculum learning): training starts in the first
/// phase and moves to the next once the current one is mastered, judged on the returns of the episodes played in it.
/// </summary>
/// <remarks>
/// <para>
/// A trainer reports each finished episode with <see cref="Report"/>; when that returns true it plays
/// <see cref="Current"/>'s environments from then on (every <see cref="EnvironmentTrainer{TOptions}"/> does so when
/// <see cref="EnvironmentTrainerOptions.Curriculum"/> is set: each sub-environment, a <see cref="CurriculumEnv"/>,
/// switches at its next reset). The curriculum never moves past its last phase; when
/// the last phase's rule is met, <see cref="IsComplete"/> turns true (a trainer may stop there).
/// Mastery is judged per phase: the window only holds returns of the current phase, so a phase needs at least
/// its rule's window of episodes however well the previous one ended.
/// </para>
/// <para>
/// The state that changes (phase, the window's returns, the advances) is written and read by <see cref="Write"/>
/// and <see cref="Read"/>, so a resumed training run advances exactly where an uninterrupted one would.
/// An instance is not thread-safe: report from the training loop only.
/// </para>
/// <example>
/// <code>
/// var curriculum = new Curriculum(
///     new CurriculumPhase("200 steps", () =&gt; new TimeLimit(new CartPole(), 200), new MasteryRule(threshold: 195, window: 100)),
///     new CurriculumPhase("1000 steps", () =&gt; new TimeLimit(new CartPole(), 1000), mastery: null));
/// var options = new PpoTrainer.Options { Curriculum = curriculum, TotalTimesteps = 200_000 };   // no EnvironmentId needed
/// </code>
/// </example>
/// </remarks>
public sealed class Curriculum
{
    private const int FormatVersion = 1;

    private readonly CurriculumPhase[] _phases;
    private readonly List<CurriculumAdvance> _advances = [];
    private double[] _returns;          // the current phase's latest returns, oldest first
    private int _returnCount;
    private long _lastStep;

    /// <summary>Creates the curriculum, starting in its first phase.</summary>
    /// <param name="phases">The phases from first to last. Every phase but the last needs a mastery rule.</param>
    /// <exception cref="ArgumentException">There are no phases, one is null, or a phase before the last has no mastery rule (named in the message).</exception>
    public Curriculum(params IEnumerable<CurriculumPhase> phases)
    {
        ArgumentNullException.ThrowIfNull(phases);
        _phases = [.. phases];
        if (_phases.Length == 0)
            throw new ArgumentException("A curriculum needs at least one phase; none were given.", nameof(phases));
        var missing = Array.IndexOf(_phases, null);
        if (missing >= 0)
            throw new ArgumentException($"Curriculum phase {missing} is null.", nameof(phases));
        for (var i = 0; i < _phases.Length - 1; i++)
        {
            if (_phases[i].Mastery is null)
                throw new ArgumentException(
                    $"Curriculum phase {i} ('{_phases[i].Name}') has no mastery rule, so the {_phases.Length - 1 - i} phase(s) after it would never be reached; only the last phase may omit one.",
                    nameof(phases));
        }
        Phases = _phases.AsReadOnly();
        _returns = NewWindow(0);
    }

    /// <summary>The phases, first to last.</summary>
    public IReadOnlyList<CurriculumPhase> Phases { get; }

    /// <summary>Index of the current phase.</summary>
    public int PhaseIndex { get; private set; }

    /// <summary>The current phase.</summary>
    public CurriculumPhase Current => _phases[PhaseIndex];

    /// <summary>Whether the current phase is the last one.</summary>
    public bool IsLastPhase => PhaseIndex == _phases.Length - 1;

    /// <summary>Whether the last phase's mastery rule has been met (it stays met).</summary>
    public bool IsComplete { get; private set; }

    /// <summary>Episodes reported since the current phase began.</summary>
    public long EpisodesInPhase { get; private set; }

    /// <summary>The step at which the current phase began (the step of the last advance; 0 for the first phase).</summary>
    public long PhaseStartStep { get; private set; }

    /// <summary>The advances so far, in order.</summary>
    public IReadOnlyList<CurriculumAdvance> Advances => _advances;

    /// <summary>The mean of the current phase's latest returns (up to its rule's window), or null before its first episode.</summary>
    public double? WindowMean
    {
        get
        {
            if (_returnCount == 0)
                return null;
            var sum = 0.0;
            foreach (var r in _returns.AsSpan(0, _returnCount))
                sum += r;
            return sum / _returnCount;
        }
    }

    /// <summary>Records a finished episode of the current phase and advances when that completes the phase's mastery.</summary>
    /// <param name="episodeReturn">The episode's return; finite.</param>
    /// <param name="step">
    /// The trainer's steps completed when the episode ended, in its own unit (updates, episodes; as
    /// <see cref="SchedulePoint.Step"/>), so that the first step of a new phase has <see cref="SchedulePoint.StepsInPhase"/> 0;
    /// not negative and not below an earlier report's.
    /// </param>
    /// <returns>True when this return completed the current phase's mastery and the curriculum moved to the next phase.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The return is not finite, or the step is negative or went back (named in the message).</exception>
    public bool Report(double episodeReturn, long step)
    {
        if (!double.IsFinite(episodeReturn))
            throw new ArgumentOutOfRangeException(nameof(episodeReturn), episodeReturn,
                $"The episode return reported at step {step} in curriculum phase '{Current.Name}' is {episodeReturn}; it must be finite.");
        if (step < _lastStep)
            throw new ArgumentOutOfRangeException(nameof(step), step, $"The curriculum was given step {step} after step {_lastStep}; steps cannot go back.");
        _lastStep = step;
        EpisodesInPhase++;
        if (_returns.Length == 0)
            return false;   // a last phase without a rule keeps no window
        if (_returnCount == _returns.Length)
            Array.Copy(_returns, 1, _returns, 0, --_returnCount);
        _returns[_returnCount++] = episodeReturn;

        if (IsComplete || !Current.Mastery!.IsMetBy(_returns.AsSpan(0, _returnCount)))
            return false;
        if (IsLastPhase)
        {
            IsComplete = true;
            return false;
        }
        _advances.Add(new CurriculumAdvance(PhaseIndex, step, EpisodesInPhase));
        PhaseIndex++;
        EpisodesInPhase = 0;
        PhaseStartStep = step;
        _returns = NewWindow(PhaseIndex);
        _returnCount = 0;
        return true;
    }

    /// <summary>Goes back to the start of the first phase, forgetting every return and advance (a trainer does so when a fresh run begins).</summary>
    public void Restart()
    {
        PhaseIndex = 0;
        EpisodesInPhase = 0;
        PhaseStartStep = 0;
        _lastStep = 0;
        IsComplete = false;
        _returns = NewWindow(0);
        _returnCount = 0;
        _advances.Clear();
    }

    /// <summary>Where training is for a <see cref="Schedule"/>: the current phase and the steps since it began.</summary>
    /// <param name="progress">Fraction of the training budget used.</param>
    /// <param name="step">The trainer's step, in the unit given to <see cref="Report"/>.</param>
    /// <returns>The point, with <see cref="SchedulePoint.StepsInPhase"/> = step − <see cref="PhaseStartStep"/>.</returns>
    public SchedulePoint PointAt(double progress, long step) => new(progress, step, PhaseIndex, step - PhaseStartStep);

    /// <summary>Writes the state that changes during training (not the phases themselves), for a training checkpoint.</summary>
    /// <param name="writer">Where to write.</param>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(FormatVersion);
        writer.Write(_phases.Length);
        foreach (var phase in _phases)
            writer.Write(phase.Name);
        writer.Write(PhaseIndex);
        writer.Write(EpisodesInPhase);
        writer.Write(PhaseStartStep);
        writer.Write(_lastStep);
        writer.Write(IsComplete);
        writer.Write(_returnCount);
        for (var i = 0; i < _returnCount; i++)
            writer.Write(_returns[i]);
        writer.Write(_advances.Count);
        foreach (var a in _advances)
        {
            writer.Write(a.Phase);
            writer.Write(a.Step);
            writer.Write(a.EpisodesInPhase);
        }
    }

    /// <summary>Restores the state written by <see cref="Write"/> into a curriculum made with the same phases.</summary>
    /// <param name="reader">Where to read.</param>
    /// <exception cref="InvalidDataException">The data is not a curriculum state, or one of other phases (named in the message); the state is then unchanged.</exception>
    public void Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var version = reader.ReadInt32();
        if (version != FormatVersion)
            throw new InvalidDataException($"The saved curriculum state has format version {version}; this library reads version {FormatVersion}.");
        var count = reader.ReadInt32();
        if (count != _phases.Length)
            throw new InvalidDataException($"The saved curriculum state has {count} phases; this curriculum has {_phases.Length}.");
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            if (name != _phases[i].Name)
                throw new InvalidDataException($"Phase {i} of the saved curriculum state is '{name}'; this curriculum's is '{_phases[i].Name}'.");
        }
        var phaseIndex = reader.ReadInt32();
        if (phaseIndex < 0 || phaseIndex >= count)
            throw new InvalidDataException($"The saved curriculum state is in phase {phaseIndex}; phases are 0 to {count - 1}.");
        var episodes = reader.ReadInt64();
        var phaseStart = reader.ReadInt64();
        var lastStep = reader.ReadInt64();
        if (episodes < 0 || phaseStart < 0 || lastStep < phaseStart)
            throw new InvalidDataException(
                $"The saved curriculum state has {episodes} episodes in its phase, which began at step {phaseStart}, and last step {lastStep}; counts cannot be negative nor steps go back.");
        var complete = reader.ReadBoolean();
        if (complete && phaseIndex != count - 1)
            throw new InvalidDataException($"The saved curriculum state is complete in phase {phaseIndex}, which is not the last.");
        var window = NewWindow(phaseIndex);
        var returnCount = reader.ReadInt32();
        if (returnCount < 0 || returnCount > window.Length || returnCount > episodes)
            throw new InvalidDataException(
                $"The saved curriculum state holds {returnCount} returns; phase '{_phases[phaseIndex].Name}' keeps up to {window.Length} and has had {episodes} episodes.");
        for (var i = 0; i < returnCount; i++)
        {
            window[i] = reader.ReadDouble();
            if (!double.IsFinite(window[i]))
                throw new InvalidDataException($"Return {i} of the saved curriculum state is {window[i]}; returns are finite.");
        }
        var advanceCount = reader.ReadInt32();
        if (advanceCount != phaseIndex)
            throw new InvalidDataException($"The saved curriculum state has {advanceCount} advances in phase {phaseIndex}; one advance leads to each phase after the first.");
        var advances = new CurriculumAdvance[advanceCount];
        for (var i = 0; i < advanceCount; i++)
        {
            advances[i] = new CurriculumAdvance(reader.ReadInt32(), reader.ReadInt64(), reader.ReadInt64());
            if (advances[i].Phase != i || advances[i].EpisodesInPhase <= 0 || advances[i].Step < 0)
                throw new InvalidDataException($"Advance {i} of the saved curriculum state is {advances[i]}; it must leave phase {i} after at least one episode.");
        }

        PhaseIndex = phaseIndex;
        EpisodesInPhase = episodes;
        PhaseStartStep = phaseStart;
        _lastStep = lastStep;
        IsComplete = complete;
        _returns = window;
        _returnCount = returnCount;
        _advances.Clear();
        _advances.AddRange(advances);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"phase {PhaseIndex + 1} of {_phases.Length}, {Current.Name}: {EpisodesInPhase} episodes{(IsComplete ? ", mastered" : "")}";

    private double[] NewWindow(int phase) => new double[_phases[phase].Mastery?.Window ?? 0];
}
