using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Synaptic.ML.Tests.Compatibility;

/// <summary>
/// The legacy model zips and their recorded truth (Compatibility/Models/&lt;commit&gt;/name.zip + name.json, one folder
/// per commit of Synaptic.ML that wrote them), copied beside the test assembly by the test project. Files are named by
/// their path under Models, e.g. "73e85ff/encoders.zip". A record holds the input rows the model was scored on
/// (column name, vector dimensions, floats as 32-bit patterns), every output column as <see cref="ColumnSnapshot"/>
/// captured it, and facts of the training history the zip carries.
/// </summary>
internal static class LegacyModelFiles
{
    /// <summary>The folder of the commit folders in the test output directory.</summary>
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Compatibility", "Models");

    /// <summary>The path of a legacy file ("commit/name.ext"); a missing one fails with the place it was looked for.</summary>
    public static string PathOf(string fileName)
    {
        var path = Path.Combine(Directory, fileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Legacy model file '{fileName}' is not in '{Directory}'; the test project must copy Compatibility/Models to the output directory.", path);
        return path;
    }

    /// <summary>The record of a legacy model, by the zip's path without ".zip" ("commit/name").</summary>
    public static JsonObject Record(string name) =>
        JsonNode.Parse(File.ReadAllText(PathOf(name + ".json")))?.AsObject()
            ?? throw new InvalidDataException($"Legacy record '{name}.json' is empty.");

    /// <summary>Writes the input part of a record: one known-size float vector column.</summary>
    public static JsonObject InputRecord(string column, int[] dimensions, IEnumerable<float[]> rows) => new()
    {
        ["column"] = column,
        ["dimensions"] = new JsonArray(dimensions.Select(d => (JsonNode)d).ToArray()),
        ["rows"] = new JsonArray(rows.Select(r => (JsonNode)new JsonArray(r.Select(v => (JsonNode)ColumnSnapshot.Hex(v)).ToArray())).ToArray()),
    };

    /// <summary>The recorded input rows as a view with one vector column of the recorded name and dimensions.</summary>
    public static IDataView InputView(MLContext ml, JsonObject input)
    {
        var column = (string)input["column"]!;
        var dimensions = input["dimensions"]!.AsArray().Select(d => (int)d!).ToArray();
        var rows = InputRows(input);
        var schema = SchemaDefinition.Create(typeof(VectorRow));
        schema[nameof(VectorRow.Features)].ColumnName = column;
        schema[0].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimensions);
        return ml.Data.LoadFromEnumerable(rows.Select(r => new VectorRow { Features = r }).ToList(), schema);
    }

    /// <summary>The recorded input rows, bit for bit.</summary>
    public static float[][] InputRows(JsonObject input) =>
        input["rows"]!.AsArray().Select(r => r!.AsArray().Select(v => ColumnSnapshot.Single((string)v!)).ToArray()).ToArray();

    /// <summary>Options for writing records readably.</summary>
    public static JsonSerializerOptions Indented { get; } = new() { WriteIndented = true };
}
