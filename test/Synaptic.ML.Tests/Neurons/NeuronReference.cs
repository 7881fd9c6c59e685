using System.Globalization;
using System.Text.RegularExpressions;
using System.Text.Json;
using Synaptic.ML.Tests.Reference;

namespace Synaptic.ML.Tests.Neurons;

/// <summary>
/// Reads snntorch/neurons.json from every reference directory. Python's json writes non-finite floats as
/// bare NaN / Infinity tokens (snnTorch's sigmoid surrogate overflows to NaN for strongly negative
/// membrane), which System.Text.Json rejects, so they are quoted before parsing and read back here.
/// </summary>
internal static partial class NeuronReference
{
    private static readonly Regex NonFinite = NonFiniteToken();

    public static IEnumerable<(string Label, JsonElement Case)> Cases()
    {
        var files = ReferenceData.Files("snntorch", "neurons.json").ToArray();
        if (files.Length == 0)
            throw new FileNotFoundException($"No reference file 'neurons.json' in {string.Join(", ", ReferenceData.Directories("snntorch"))}.");
        foreach (var file in files)
        {
            var text = NonFinite.Replace(File.ReadAllText(file), "\"$1\"");
            using var document = JsonDocument.Parse(text);
            var index = 0;
            foreach (var item in document.RootElement.GetProperty("cases").EnumerateArray())
                yield return ($"{file}#{index++}", item.Clone());
        }
    }

    public static float[] Flatten(JsonElement element)
    {
        var values = new List<float>();
        Flatten(element, values);
        return values.ToArray();
    }

    private static void Flatten(JsonElement element, List<float> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    Flatten(item, values);
                break;
            case JsonValueKind.String:
                values.Add((float)double.Parse(element.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture));
                break;
            default:
                values.Add((float)element.GetDouble());
                break;
        }
    }

    [GeneratedRegex(@"(?<![\w""])(-?Infinity|NaN)(?![\w""])")]
    private static partial Regex NonFiniteToken();
}
