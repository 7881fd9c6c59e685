using System.Globalization;
using System.Text.Json;

namespace Synaptic.ML.Cli.Tests;

/// <summary>What the sweep and compare tests read back by hand: a run's evaluation.json, CSV rows, the t-based interval.</summary>
internal static class RunFiles
{
    /// <summary>t(0.975, 2): the 95% interval of three seeds.</summary>
    public const double StudentT975TwoDegrees = 4.3027;

    /// <summary>The mean in a run's evaluation.json.</summary>
    public static double EvaluationMean(string run)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "evaluation.json")));
        return json.RootElement.GetProperty("mean").GetDouble();
    }

    /// <summary>Mean and 95% half-width of three scores, computed here from the definition.</summary>
    public static (double Mean, double HalfWidth) MeanAndInterval(IReadOnlyList<double> scores)
    {
        Assert.HasCount(3, scores);
        var mean = scores.Sum() / 3;
        var sd = Math.Sqrt(scores.Sum(s => (s - mean) * (s - mean)) / 2);
        return (mean, StudentT975TwoDegrees * sd / Math.Sqrt(3));
    }

    /// <summary>The rows of a CSV file as header → field maps (RFC 4180 quoting).</summary>
    public static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).Select(Fields).ToList();
        return [.. lines.Skip(1).Select(row => lines[0].Zip(row).ToDictionary(p => p.First, p => p.Second))];
    }

    public static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Whether the file starts with the PNG signature.</summary>
    public static bool IsPng(string path) => File.Exists(path) && File.ReadAllBytes(path).AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });

    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        fields.Add(field.ToString());
        return fields;
    }
}
