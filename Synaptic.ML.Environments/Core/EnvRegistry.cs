using System.Collections.Concurrent;
using Synaptic.ML.Environments.Wrappers;

namespace Synaptic.ML.Environments;

/// <summary>
/// Ids to environments, as Gymnasium's registry: <see cref="Make(string)"/> builds the environment and
/// applies the time limit of its spec. Built-in environments are registered on first use; users
/// add their own with <see cref="Register"/>.
/// </summary>
public static class EnvRegistry
{
    private static readonly ConcurrentDictionary<string, (EnvSpec Spec, Func<Env> Factory)> Entries = CreateBuiltIns();

    /// <summary>Every registered id, sorted.</summary>
    public static IReadOnlyList<string> Ids => Entries.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>Registers <paramref name="spec"/>'s id.</summary>
    /// <param name="spec">Id, time limit and reward threshold.</param>
    /// <param name="factory">Creates an unwrapped instance.</param>
    /// <exception cref="ArgumentException">The id is already registered.</exception>
    public static void Register(EnvSpec spec, Func<Env> factory)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(factory);
        if (!Entries.TryAdd(spec.Id, (spec, factory)))
            throw new ArgumentException($"Environment id '{spec.Id}' is already registered.", nameof(spec));
    }

    /// <summary>The spec of <paramref name="id"/>.</summary>
    /// <param name="id">A registered id.</param>
    /// <returns>The spec.</returns>
    /// <exception cref="ArgumentException">Unknown id; the message suggests the closest registered id and lists the known ones.</exception>
    public static EnvSpec Spec(string id) => Find(id).Spec;

    /// <summary>Creates the environment registered as <paramref name="id"/>, wrapped in its time limit.</summary>
    /// <param name="id">A registered id, e.g. "CartPole-v1".</param>
    /// <returns>The environment.</returns>
    /// <exception cref="ArgumentException">Unknown id; the message suggests the closest registered id and lists the known ones.</exception>
    public static Env Make(string id) => Make(id, null);

    /// <summary>
    /// Creates the environment registered as <paramref name="id"/> with the caller's constructor (Gymnasium's
    /// <c>make(id, **kwargs)</c>): the registered spec — time limit, reward threshold — applies, optionally
    /// adjusted. The catalogs' methods with options (FrozenLake maps, GridWorld mazes…) come through here.
    /// </summary>
    /// <param name="id">A registered id.</param>
    /// <param name="create">Creates the unwrapped environment, e.g. with options; null uses the registered factory.</param>
    /// <param name="adjustSpec">Changes the spec for this instance (e.g. another time limit); null keeps it.</param>
    /// <returns>The environment, in its time limit when the spec has one.</returns>
    /// <exception cref="ArgumentException">Unknown id; the message suggests the closest registered id and lists the known ones.</exception>
    public static Env Make(string id, Func<Env>? create, Func<EnvSpec, EnvSpec>? adjustSpec = null)
    {
        var (spec, factory) = Find(id);
        spec = adjustSpec?.Invoke(spec) ?? spec;
        var env = (create ?? factory)();
        env.Spec = spec;
        return spec.MaxEpisodeSteps is int limit ? new TimeLimit(env, limit) : env;
    }

    private static (EnvSpec Spec, Func<Env> Factory) Find(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        if (Entries.TryGetValue(id, out var entry))
            return entry;
        var known = Ids;
        var hint = Text.ClosestName.Suggest(id, known) is string suggestion
            ? $" Did you mean '{suggestion}'? Ids are exact, letter case included, as in Gymnasium."
            : "";
        throw new ArgumentException($"No environment is registered as '{id}'.{hint} Known ids: {string.Join(", ", known)}.", nameof(id));
    }

    private static ConcurrentDictionary<string, (EnvSpec, Func<Env>)> CreateBuiltIns() =>
        new(BuiltInEnvironments.All.Select(e => KeyValuePair.Create(e.Spec.Id, (e.Spec, e.Factory))), StringComparer.Ordinal);
}
