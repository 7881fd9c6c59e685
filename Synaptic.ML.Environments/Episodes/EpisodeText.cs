using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Synaptic.ML.Environments;

/// <summary>
/// The tab-separated text form of episode data: a header row naming every cell (<c>Observation[0]</c>, …, so
/// the vector sizes are in the file), then one dense row per transition.
/// </summary>
/// <remarks>
/// Headers of earlier files carry no element names: Synaptic.ML's earlier <c>SaveEpisodesAsText</c> wrote <c>""</c>
/// for every vector element, and ML.NET's <c>SaveAsText</c> writes its header in sparse form
/// (<c>Episode Step 12 5:Reward …</c>). Both still name <c>Reward</c> and count every cell, which fixes both
/// sizes: with n cells and <c>Reward</c> at cell r, an observation has n − 3 − r values and an action r − 2 − o.
/// </remarks>
internal static class EpisodeText
{
    /// <summary>Observation, action and total cells of an episode file, read from its header.</summary>
    internal readonly record struct Layout(int ObservationSize, int ActionSize, int Cells);

    /// <summary>Reads the header of <paramref name="path"/> and checks every data row has its number of cells.</summary>
    /// <exception cref="InvalidDataException">The header is missing or not that of episode data, or a row has another number of cells.</exception>
    public static Layout ReadLayout(string path)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine();
        while (header is not null && header.StartsWith("#@", StringComparison.Ordinal))
            header = reader.ReadLine();   // ML.NET's schema comment lines (SaveAsText with schema: true)
        if (string.IsNullOrEmpty(header))
            throw new InvalidDataException($"Episode file '{path}' is empty: it has no header row.");
        var layout = ParseHeader(path, header.Split('\t'));
        var line = 1;
        for (var row = reader.ReadLine(); row is not null; row = reader.ReadLine())
        {
            line++;
            // ML.NET's sparse rows ("length index:value …") have fewer cells by design; they carry ':'.
            if (row.Length == 0 || row.Contains(':', StringComparison.Ordinal))
                continue;
            var cells = row.AsSpan().Count('\t') + 1;
            if (cells != layout.Cells)
                throw new InvalidDataException(
                    $"Episode file '{path}', line {line}: {cells} cells; its header has {layout.Cells} (observation {layout.ObservationSize}, action {layout.ActionSize}).");
        }
        return layout;
    }

    private static Layout ParseHeader(string path, string[] header)
    {
        if (header.Length < 2 || header[0] != EpisodeData.Columns.Episode || header[1] != EpisodeData.Columns.Step)
            throw new InvalidDataException($"Episode file '{path}' does not start with the columns Episode and Step: its header is '{string.Join("\t", header)}'.");

        // ML.NET's sparse header: the leading named cells, the number of cells after them, then "index:name" pairs.
        var sparse = Array.FindIndex(header, c => int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out _));
        int cells;
        int reward;
        if (sparse >= 0 && header.Skip(sparse + 1).All(c => c.Contains(':', StringComparison.Ordinal)))
        {
            cells = sparse + int.Parse(header[sparse], CultureInfo.InvariantCulture);
            var named = header.Skip(sparse + 1).Select(c => c.Split(':', 2)).ToDictionary(p => p[1], p => sparse + int.Parse(p[0], CultureInfo.InvariantCulture));
            reward = named.GetValueOrDefault(EpisodeData.Columns.Reward, -1);
            if (named.GetValueOrDefault(EpisodeData.Columns.Terminated) != reward + 1 || named.GetValueOrDefault(EpisodeData.Columns.Truncated) != reward + 2)
                reward = -1;
        }
        else
        {
            cells = header.Length;
            reward = Array.IndexOf(header, EpisodeData.Columns.Reward);
            if (reward < 0 || reward + 2 >= cells || header[reward + 1] != EpisodeData.Columns.Terminated || header[reward + 2] != EpisodeData.Columns.Truncated)
                reward = -1;
        }
        var observation = cells - 3 - reward;
        var action = reward - 2 - observation;
        if (reward < 0 || observation <= 0 || action <= 0)
            throw new InvalidDataException(
                $"Episode file '{path}' has no episode-data header (Episode, Step, Observation[…], Action[…], Reward, Terminated, Truncated, NextObservation[…]): '{string.Join("\t", header)}'.");

        // Files written with element names must name every cell as this layout does.
        if (header.Length == cells && header[2] == Element(EpisodeData.Columns.Observation, 0))
        {
            var expected = Header(observation, action);
            for (var i = 0; i < cells; i++)
            {
                if (header[i] != expected[i])
                    throw new InvalidDataException($"Episode file '{path}': header cell {i} is '{header[i]}'; a file with observation size {observation} and action size {action} has '{expected[i]}' there.");
            }
        }
        return new Layout(observation, action, cells);
    }

    /// <summary>The header row: scalar columns by name, vector elements as <c>Name[i]</c>.</summary>
    public static string[] Header(int observationSize, int actionSize) =>
    [
        EpisodeData.Columns.Episode,
        EpisodeData.Columns.Step,
        .. Elements(EpisodeData.Columns.Observation, observationSize),
        .. Elements(EpisodeData.Columns.Action, actionSize),
        EpisodeData.Columns.Reward,
        EpisodeData.Columns.Terminated,
        EpisodeData.Columns.Truncated,
        .. Elements(EpisodeData.Columns.NextObservation, observationSize),
    ];

    /// <summary>Writes <paramref name="episodes"/> as dense text with the named header.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing, has the wrong type, or is not an episode column.</exception>
    public static void Write(IDataView episodes, string path)
    {
        var schema = episodes.Schema;
        var extra = schema.Where(c => !c.IsHidden && Array.IndexOf(ColumnOrder, c.Name) < 0).Select(c => c.Name).ToArray();
        if (extra.Length > 0)
            throw new ArgumentOutOfRangeException(nameof(episodes),
                $"SaveEpisodesAsText writes the episode columns ({string.Join(", ", ColumnOrder)}); the data also has {string.Join(", ", extra.Select(e => $"'{e}'"))}, which would be lost. Select the episode columns first (or save with ML.NET's SaveAsText).");
        var observationSize = VectorSize(schema, EpisodeData.Columns.Observation);
        var actionSize = VectorSize(schema, EpisodeData.Columns.Action);
        var nextSize = VectorSize(schema, EpisodeData.Columns.NextObservation);
        if (nextSize != observationSize)
            throw new ArgumentOutOfRangeException(nameof(episodes),
                $"Column '{EpisodeData.Columns.NextObservation}' has {nextSize} values per row; column '{EpisodeData.Columns.Observation}' has {observationSize}: they must agree.");
        Require(schema, EpisodeData.Columns.Episode, NumberDataViewType.Int32);
        Require(schema, EpisodeData.Columns.Step, NumberDataViewType.Int32);
        Require(schema, EpisodeData.Columns.Reward, NumberDataViewType.Double);
        Require(schema, EpisodeData.Columns.Terminated, BooleanDataViewType.Instance);
        Require(schema, EpisodeData.Columns.Truncated, BooleanDataViewType.Instance);

        var columns = ColumnOrder.Select(name => schema[name]).ToArray();
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
        writer.WriteLine(string.Join('\t', Header(observationSize, actionSize)));
        using var cursor = episodes.GetRowCursor(columns);
        var episode = cursor.GetGetter<int>(columns[0]);
        var step = cursor.GetGetter<int>(columns[1]);
        var observation = cursor.GetGetter<VBuffer<float>>(columns[2]);
        var action = cursor.GetGetter<VBuffer<float>>(columns[3]);
        var reward = cursor.GetGetter<double>(columns[4]);
        var terminated = cursor.GetGetter<bool>(columns[5]);
        var truncated = cursor.GetGetter<bool>(columns[6]);
        var next = cursor.GetGetter<VBuffer<float>>(columns[7]);
        var (i, d, b, v) = (0, 0.0, false, default(VBuffer<float>));
        var line = new StringBuilder();
        while (cursor.MoveNext())
        {
            line.Clear();
            episode(ref i);
            line.Append(i.ToString(CultureInfo.InvariantCulture));
            step(ref i);
            line.Append('\t').Append(i.ToString(CultureInfo.InvariantCulture));
            observation(ref v);
            AppendDense(line, v);
            action(ref v);
            AppendDense(line, v);
            reward(ref d);
            line.Append('\t').Append(d.ToString("R", CultureInfo.InvariantCulture));
            terminated(ref b);
            line.Append('\t').Append(b ? '1' : '0');
            truncated(ref b);
            line.Append('\t').Append(b ? '1' : '0');
            next(ref v);
            AppendDense(line, v);
            writer.WriteLine(line);
        }
    }

    private static readonly string[] ColumnOrder =
    [
        EpisodeData.Columns.Episode, EpisodeData.Columns.Step, EpisodeData.Columns.Observation, EpisodeData.Columns.Action,
        EpisodeData.Columns.Reward, EpisodeData.Columns.Terminated, EpisodeData.Columns.Truncated, EpisodeData.Columns.NextObservation,
    ];

    private static string Element(string column, int index) => $"{column}[{index.ToString(CultureInfo.InvariantCulture)}]";

    private static IEnumerable<string> Elements(string column, int size) => Enumerable.Range(0, size).Select(i => Element(column, i));

    private static void AppendDense(StringBuilder line, VBuffer<float> values)
    {
        foreach (var value in values.DenseValues())
            line.Append('\t').Append(value.ToString("R", CultureInfo.InvariantCulture));
    }

    private static DataViewSchema.Column Find(DataViewSchema schema, string name) =>
        schema.GetColumnOrNull(name)
        ?? throw new ArgumentOutOfRangeException(nameof(schema),
            $"Episode data has no column '{name}' (columns: {string.Join(", ", schema.Select(c => c.Name))}).");

    private static void Require(DataViewSchema schema, string name, DataViewType type)
    {
        var column = Find(schema, name);
        if (!column.Type.Equals(type))
            throw new ArgumentOutOfRangeException(nameof(schema), $"Episode column '{name}' must be {type}; it is {column.Type}.");
    }

    private static int VectorSize(DataViewSchema schema, string name)
    {
        var column = Find(schema, name);
        return column.Type is VectorDataViewType { IsKnownSize: true, ItemType: var item } vector && item == NumberDataViewType.Single
            ? vector.Size
            : throw new ArgumentOutOfRangeException(nameof(schema), $"Episode column '{name}' must be a known-size vector of Single; it is {column.Type}.");
    }
}
