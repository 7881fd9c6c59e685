using System.Diagnostics.CodeAnalysis;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Custom;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// What <c>--env</c> names beyond the library's registry. Environments the library makes by code get ids of their
/// own, registered in <see cref="EnvRegistry"/> when the tool starts, so every algorithm, preset and verb can use them.
/// A curriculum is not an environment, so its id is the tool's alone: <c>train</c> sets the options'
/// <see cref="EnvironmentTrainerOptions.Curriculum"/> from it (the options keep the id as their
/// <see cref="EnvironmentTrainerOptions.EnvironmentId"/>, so presets, <c>config.json</c> and <c>--resume</c> carry
/// it), and <c>eval</c> and <c>render</c> play its last phase.
/// </summary>
public static class CliEnvironments
{
    /// <summary>CartPole-v1 with the velocities hidden and position and angle rescaled onto [−1, 1] (<see cref="RecurrentDqnPresets.MaskedCartPoleEnvironment"/>).</summary>
    public const string MaskedCartPole = "Synaptic/MaskedCartPole-v1";

    /// <summary>GridWorld on the fixed 8×8 maze of the spiking maze agent (<see cref="MazeMaps.Maze8x8"/>), GridWorld-v0's 100-step limit.</summary>
    public const string Maze8x8 = "Synaptic/Maze8x8-v0";

    /// <summary>The R-STDP sample's LaneKeeping curriculum: straight → gentle curves → sharp turns → complex track.</summary>
    public const string LaneKeepingCurriculum = "LaneKeepingCurriculum-v0";

    private const int MazeMaxEpisodeSteps = 100;   // GridWorld-v0's registration

    private static readonly Lazy<bool> Registered = new(RegisterEnvironments);

    private static readonly CliCurriculum[] CurriculumList =
    [
        new(LaneKeepingCurriculum,
            "LaneKeeping-v0 through its four road profiles (straight, gentle curves, sharp turns, complex track), advancing at 20-episode means above 50, 30 and 40; eval and render play the complex track",
            RewardModulatedStdpSamples.LaneKeepingCurriculum4, RewardModulatedStdpSamples.ComplexTrack),
    ];

    /// <summary>The environments the tool registers, id and description.</summary>
    public static IReadOnlyList<(string Id, string Description)> Registrations { get; } =
    [
        (MaskedCartPole, "CartPole-v1 with the cart and pole velocities hidden, position and angle rescaled onto [−1, 1] (RecurrentDqnPresets.MaskedCartPoleEnvironment); solved at 475"),
        (Maze8x8, "GridWorld on the spiking maze agent's 8×8 maze (MazeMaps.Maze8x8; shortest path 18 moves), 100-step limit; a return ≥ 0 counts as reaching the goal, as in the maze sample"),
    ];

    /// <summary>The tool's curricula.</summary>
    public static IReadOnlyList<CliCurriculum> Curricula => CurriculumList;

    /// <summary>Registers the tool's environments in <see cref="EnvRegistry"/> (once; an id the library already has is left to it).</summary>
    public static void Register() => _ = Registered.Value;

    /// <summary>The curriculum named <paramref name="id"/>, if it is one.</summary>
    /// <param name="id">An id given to <c>--env</c>.</param>
    /// <param name="curriculum">The curriculum.</param>
    /// <returns>Whether <paramref name="id"/> names a curriculum.</returns>
    public static bool IsCurriculum(string? id, [NotNullWhen(true)] out CliCurriculum? curriculum)
    {
        curriculum = CurriculumList.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal));
        return curriculum is not null;
    }

    /// <summary>Checks that <paramref name="id"/> names an environment or a curriculum.</summary>
    /// <param name="id">The id.</param>
    /// <exception cref="ArgumentException">It names neither; the message suggests the closest id and lists the known ones and the curricula.</exception>
    public static void Check(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Register();
        if (IsCurriculum(id, out _))
            return;
        try
        {
            EnvRegistry.Spec(id);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{e.Message} Curricula: {string.Join(", ", CurriculumList.Select(c => c.Id))}.", nameof(id), e);
        }
    }

    /// <summary>An environment to evaluate or render in: the registered one, or a curriculum's last phase.</summary>
    /// <param name="id">An environment or curriculum id.</param>
    /// <returns>A new environment.</returns>
    public static Env Make(string id)
    {
        Check(id);
        return IsCurriculum(id, out var curriculum) ? curriculum.LastPhase() : EnvRegistry.Make(id);
    }

    /// <summary>The return that counts as a success in <paramref name="id"/>, or null (a curriculum has none).</summary>
    /// <param name="id">An environment or curriculum id.</param>
    /// <returns>The threshold.</returns>
    public static double? RewardThreshold(string id)
    {
        Check(id);
        return IsCurriculum(id, out _) ? null : EnvRegistry.Spec(id).RewardThreshold;
    }

    /// <summary>Gives <paramref name="options"/> the curriculum <paramref name="id"/> names (a fresh one, at its first phase); nothing for an environment id.</summary>
    /// <param name="options">The options.</param>
    /// <param name="id">The environment or curriculum id.</param>
    public static void UseCurriculum(EnvironmentTrainerOptions options, string id)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (IsCurriculum(id, out var curriculum))
            options.Curriculum = curriculum.Create();
    }

    private static bool RegisterEnvironments()
    {
        var known = EnvRegistry.Ids.ToHashSet(StringComparer.Ordinal);
        // The factory's CartPole-v1 already carries its 500-step limit, so the spec adds none.
        if (!known.Contains(MaskedCartPole))
            EnvRegistry.Register(new EnvSpec(MaskedCartPole, null, 475), RecurrentDqnPresets.MaskedCartPoleEnvironment);
        if (!known.Contains(Maze8x8))
            EnvRegistry.Register(new EnvSpec(Maze8x8, MazeMaxEpisodeSteps, 0), () => new GridWorld(new GridWorld.Options { Map = MazeMaps.Maze8x8 }));
        return true;
    }
}

/// <summary>A curriculum the tool knows by id.</summary>
/// <param name="Id">The id given to <c>--env</c>.</param>
/// <param name="Description">What it is, for help and docs.</param>
/// <param name="Create">Makes a fresh curriculum (at its first phase).</param>
/// <param name="LastPhase">Makes an environment of its last phase, for evaluation and render.</param>
public sealed record CliCurriculum(string Id, string Description, Func<Curriculum> Create, Func<Env> LastPhase);
