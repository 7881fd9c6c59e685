using Synaptic.ML.Environments.Custom;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Curricula over the road profiles of <see cref="LaneKeeping"/>: a phase per <see cref="LaneKeepingRoadProfile"/>,
/// each making LaneKeeping environments on that profile.
/// </summary>
/// <remarks>
/// Give the curriculum to a trainer (<see cref="EnvironmentTrainerOptions.Curriculum"/>): each sub-environment moves
/// to the next profile at its next reset, as for any curriculum. A loop of one's own that keeps its environments
/// can instead set <see cref="LaneKeeping.Phase"/>, which also takes effect at the next reset.
/// </remarks>
public static class LaneKeepingCurriculum
{
    /// <summary>A phase that drives LaneKeeping on one road profile.</summary>
    /// <param name="profile">The road profile.</param>
    /// <param name="mastery">When the phase is mastered; null for never (last phase only).</param>
    /// <param name="configure">Sets other options (length, sensors, speed) on fresh options before each environment is made; the profile is set after it.</param>
    /// <returns>The phase, named after the profile.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The profile is not defined.</exception>
    public static CurriculumPhase Phase(LaneKeepingRoadProfile profile, MasteryRule? mastery, Action<LaneKeeping.Options>? configure = null)
    {
        if (!Enum.IsDefined(profile))
            throw new ArgumentOutOfRangeException(nameof(profile), profile, $"Unknown {nameof(LaneKeepingRoadProfile)} {(int)profile}.");
        return new CurriculumPhase(profile.ToString(), () =>
        {
            // Fresh options per environment, so a phase never sees another phase's profile.
            var options = new LaneKeeping.Options();
            configure?.Invoke(options);
            options.Phase = profile;
            return new LaneKeeping(options);
        }, mastery);
    }

    /// <summary>Every road profile from easiest to hardest (straight, gentle curves, sharp turns, complex track), each with the same mastery rule.</summary>
    /// <param name="mastery">When each phase, the last included (see <see cref="Curriculum.IsComplete"/>), is mastered.</param>
    /// <param name="configure">Sets other options on fresh options before each environment is made.</param>
    /// <returns>The curriculum.</returns>
    public static Curriculum AllProfiles(MasteryRule mastery, Action<LaneKeeping.Options>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(mastery);
        return new Curriculum(Enum.GetValues<LaneKeepingRoadProfile>().Select(p => Phase(p, mastery, configure)));
    }
}
