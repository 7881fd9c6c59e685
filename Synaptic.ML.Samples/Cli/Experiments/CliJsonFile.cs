using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// The JSON files the command line writes and reads back (an experiment's <c>config.json</c>, a sweep's
/// <c>sweep.json</c>): indented camelCase, nulls left out, text unescaped, a newline at the end.
/// </summary>
internal static class CliJsonFile
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The text of <paramref name="value"/> as the files hold it (without the final newline).</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Writes <paramref name="value"/> to <paramref name="path"/>.</summary>
    public static void Save<T>(T value, string path) => File.WriteAllText(path, Serialize(value) + "\n");

    /// <summary>Reads a file written by <see cref="Save{T}"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file should be, for the message ("an experiment's config.json").</param>
    /// <exception cref="InvalidDataException">The file is empty or not <paramref name="what"/>; the message names it.</exception>
    public static T Load<T>(string path, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options) ?? throw new InvalidDataException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not {what}: {e.Message}", e);
        }
    }
}
