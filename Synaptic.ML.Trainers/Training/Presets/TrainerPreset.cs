using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Tuned hyperparameters as data (the RL Zoo's habit): a named set of settings for one algorithm, stored as JSON.
/// </summary>
/// <remarks>
/// The file holds <c>name</c>, <c>algorithm</c> (the command-line tool's name of the trainer: <c>ppo</c>, <c>dqn</c>…),
/// <c>description</c>, an optional <c>environment</c> (the environment id or data set it is tuned for, for trainers whose
/// options do not name one), an optional <c>source</c> (where the values come from) and <c>options</c>: the settings that
/// differ from the trainer's defaults (and any the preset pins on purpose, such as the network it names), as
/// <see cref="OptionText"/> paths and texts, applied in the order written.
/// </remarks>
/// <param name="Name">The preset's name, e.g. <c>ppo-cartpole</c>.</param>
/// <param name="Algorithm">The algorithm it configures, e.g. <c>ppo</c>.</param>
/// <param name="Description">One sentence on what it is for.</param>
/// <param name="Settings">The settings, path → text, in the order they are applied.</param>
/// <param name="Source">Where the values come from (a paper, the RL Zoo's file), or null.</param>
public sealed record TrainerPreset(string Name, string Algorithm, string Description, IReadOnlyList<KeyValuePair<string, string>> Settings, string? Source = null)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The environment id or data set the preset is tuned for, where the options cannot name it (the data trainers'
    /// options take data, not a name: <c>glyphs</c>, <c>fashion-mnist</c>); null when the options name it or it applies anywhere.
    /// </summary>
    public string? Environment { get; init; }

    /// <summary>The value of the setting at <paramref name="path"/>, or null when the preset does not set it.</summary>
    /// <param name="path">The setting's path.</param>
    /// <returns>Its text, or null.</returns>
    public string? this[string path] => Settings.LastOrDefault(s => string.Equals(s.Key, path, StringComparison.OrdinalIgnoreCase)) is { Key: not null } s ? s.Value : null;

    /// <summary>Applies the preset's settings to <paramref name="options"/>.</summary>
    /// <typeparam name="TOptions">The options type.</typeparam>
    /// <param name="options">The options to change.</param>
    /// <returns><paramref name="options"/>.</returns>
    /// <exception cref="ArgumentException">A setting does not exist on the options or its text is not a value of its type; the message names the preset.</exception>
    public TOptions ApplyTo<TOptions>(TOptions options) where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            OptionText.SetAll(options, Settings);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Preset '{Name}' does not fit {options.GetType().Name}: {e.Message}", nameof(options), e);
        }
        return options;
    }

    /// <summary>A preset of <paramref name="options"/>: the settings that differ from a fresh object's.</summary>
    /// <param name="name">The preset's name.</param>
    /// <param name="algorithm">The algorithm's name.</param>
    /// <param name="description">What it is for.</param>
    /// <param name="options">The options.</param>
    /// <param name="source">Where the values come from.</param>
    /// <returns>The preset.</returns>
    public static TrainerPreset FromOptions(string name, string algorithm, string description, object options, string? source = null) =>
        new(name, algorithm, description, OptionText.Changes(options), source);

    /// <summary>The preset as JSON.</summary>
    /// <returns>Indented JSON text.</returns>
    public string ToJson()
    {
        var options = new JsonObject();
        foreach (var (path, text) in Settings)
            options[path] = text;
        var root = new JsonObject { ["name"] = Name, ["algorithm"] = Algorithm, ["description"] = Description };
        if (Environment is not null)
            root["environment"] = Environment;
        if (Source is not null)
            root["source"] = Source;
        root["options"] = options;
        return root.ToJsonString(Indented) + "\n";
    }

    /// <summary>Saves the preset as a JSON file.</summary>
    /// <param name="path">The file.</param>
    public void Save(string path) => File.WriteAllText(path, ToJson());

    /// <summary>Reads a preset from a JSON file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The preset.</returns>
    /// <exception cref="InvalidDataException">The file is not a preset; the message names the file and what is missing.</exception>
    public static TrainerPreset Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Reads a preset from JSON text.</summary>
    /// <param name="json">The text.</param>
    /// <param name="origin">Where it came from, for messages.</param>
    /// <returns>The preset.</returns>
    /// <exception cref="InvalidDataException">The text is not a preset; the message names <paramref name="origin"/> and what is wrong.</exception>
    public static TrainerPreset Parse(string json, string origin)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Preset {origin} is not JSON: {e.Message}", e);
        }
        if (root is not JsonObject o)
            throw new InvalidDataException($"Preset {origin} must be a JSON object with name, algorithm, description and options.");
        string Text(string key, bool required = true) =>
            o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s
            : required ? throw new InvalidDataException($"Preset {origin} has no string '{key}'.") : null!;
        if (o["options"] is not JsonObject options)
            throw new InvalidDataException($"Preset {origin} has no 'options' object.");
        var settings = new List<KeyValuePair<string, string>>();
        foreach (var (path, node) in options)
        {
            settings.Add(new(path, node switch
            {
                null => OptionText.Null,
                JsonValue value when value.TryGetValue<string>(out var s) => s,
                JsonValue value => value.ToJsonString(),
                JsonArray array => string.Join(",", array.Select(e => e is JsonValue ev && ev.TryGetValue<string>(out var es) ? es : e?.ToJsonString() ?? OptionText.Null)),
                _ => throw new InvalidDataException($"Preset {origin}: option '{path}' must be a string, a number, a boolean or an array."),
            }));
        }
        return new TrainerPreset(Text("name"), Text("algorithm"), Text("description"), settings, Text("source", required: false))
        {
            Environment = Text("environment", required: false),
        };
    }
}
