
namespace Synaptic.ML.Trainers;

/// <summary>
/// The presets that ship with Synaptic.ML: JSON files embedded in this assembly (the RL Zoo's settings for PPO, A2C
/// and DQN, and the project's own). The typed presets (<see cref="PpoPresets"/>, <see cref="DqnPresets"/>, <see cref="RecurrentDqnPresets"/>) are read
/// from these same files, and the command-line tool lists and exports them.
/// </summary>
public static class TrainerPresets
{
    private const string ResourcePrefix = "Synaptic.ML.Trainers.Presets.";
    private static readonly Lazy<IReadOnlyList<TrainerPreset>> Embedded = new(ReadEmbedded);

    /// <summary>Every shipped preset, by name.</summary>
    public static IReadOnlyList<TrainerPreset> All => Embedded.Value;

    /// <summary>The shipped preset named <paramref name="name"/> (case-insensitive).</summary>
    /// <param name="name">Its name, e.g. <c>ppo-cartpole</c>.</param>
    /// <returns>The preset.</returns>
    /// <exception cref="ArgumentException">No preset has that name; the message lists them.</exception>
    public static TrainerPreset Get(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"No preset is named '{name}'. The presets: {string.Join(", ", All.Select(p => p.Name))}.", nameof(name));
    }

    /// <summary>Fresh options of <typeparamref name="TOptions"/> with the shipped preset <paramref name="name"/> applied.</summary>
    /// <typeparam name="TOptions">The trainer's options type.</typeparam>
    /// <param name="name">The preset's name.</param>
    /// <returns>New options.</returns>
    public static TOptions Options<TOptions>(string name) where TOptions : class, new() => Get(name).ApplyTo(new TOptions());

    private static IReadOnlyList<TrainerPreset> ReadEmbedded()
    {
        var assembly = typeof(TrainerPresets).Assembly;
        var presets = new List<TrainerPreset>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            presets.Add(TrainerPreset.Parse(reader.ReadToEnd(), resource[ResourcePrefix.Length..]));
        }
        return presets;
    }
}
