using System.Text.Json.Nodes;
using Synaptic.ML.Trainers;
using YamlDotNet.RepresentationModel;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// A file given to <c>train --config</c>: a preset file, an experiment's <c>config.json</c>, or a hand-written JSON
/// or YAML file with the same keys — <c>algorithm</c>, <c>environment</c>, <c>seed</c>, <c>budget</c>,
/// <c>preset</c> and <c>options</c> (setting paths → values), each optional but <c>options</c>.
/// </summary>
/// <param name="Path">The file.</param>
/// <param name="Algorithm">The algorithm it names, or null.</param>
/// <param name="Environment">The environment it names, or null.</param>
/// <param name="Preset">The preset it starts from, or null.</param>
/// <param name="Seed">The seed it names, or null.</param>
/// <param name="Budget">The budget it names, or null.</param>
/// <param name="Settings">Its options, path → text, in file order.</param>
public sealed record RunSettingsFile(string Path, string? Algorithm, string? Environment, string? Preset, int? Seed, long? Budget,
    IReadOnlyList<KeyValuePair<string, string>> Settings)
{
    /// <summary>Reads the file (<c>.yaml</c>/<c>.yml</c> as YAML, anything else as JSON).</summary>
    /// <param name="path">The file.</param>
    /// <returns>Its contents.</returns>
    /// <exception cref="InvalidDataException">The file cannot be read as a run's settings; the message names it.</exception>
    public static RunSettingsFile Read(string path)
    {
        var text = File.ReadAllText(path);
        var extension = System.IO.Path.GetExtension(path).ToLowerInvariant();
        var root = extension is ".yaml" or ".yml" ? FromYaml(text, path) : ParseJson(text, path);
        if (root is not JsonObject o)
            throw new InvalidDataException($"{path} must hold an object with 'options' (and optionally algorithm, environment, seed, budget, preset).");
        // A preset file's options and a config.json's options read the same way.
        var preset = TrainerPreset.Parse(new JsonObject
        {
            ["name"] = "file",
            ["algorithm"] = "file",
            ["description"] = "file",
            ["options"] = o["options"]?.DeepClone() ?? new JsonObject(),
        }.ToJsonString(), path);
        var isPreset = o["description"] is not null;
        return new RunSettingsFile(path, Text(o, "algorithm"), Text(o, "environment"),
            isPreset ? Text(o, "name") : Text(o, "preset"),
            Number(o, "seed", path) is long seed ? checked((int)seed) : null, Number(o, "budget", path), preset.Settings);
    }

    private static JsonNode? ParseJson(string text, string path)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"{path} is not JSON: {e.Message}", e);
        }
    }

    private static string? Text(JsonObject o, string key) => o[key] is JsonValue v ? v.ToString() : null;

    private static long? Number(JsonObject o, string key, string path) => o[key] switch
    {
        null => null,
        JsonValue v when long.TryParse(v.ToString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
        var other => throw new InvalidDataException($"{path}: '{key}' must be a whole number; it is {other.ToJsonString()}."),
    };

    private static JsonNode? FromYaml(string text, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new InvalidDataException($"{path} is not YAML: {e.Message}", e);
        }
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    // YAML scalars stay text: the options' own parser reads them by the setting's type.
    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, Convert(p.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Convert)]),
        YamlScalarNode scalar => scalar.Value is null or "~" ? null : JsonValue.Create(scalar.Value),
        _ => null,
    };
}
