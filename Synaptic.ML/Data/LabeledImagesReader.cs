namespace Synaptic.ML.Data;

/// <summary>Reads a <see cref="LabeledImages"/> back from an <see cref="IDataView"/>: see <see cref="LabeledImages.FromDataView"/>.</summary>
internal static class LabeledImagesReader
{
    public static LabeledImages Read(IDataView data, string imageColumn, string labelColumn, string? alphabetColumn)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrWhiteSpace(imageColumn);
        ArgumentException.ThrowIfNullOrWhiteSpace(labelColumn);
        var image = Find(data.Schema, imageColumn, "image");
        var label = Find(data.Schema, labelColumn, "label");
        var alphabet = alphabetColumn is null ? (DataViewSchema.Column?)null : Find(data.Schema, alphabetColumn, "alphabet");
        var (height, width) = ImageSize(image);
        if (alphabet is { } a && a.Type is not TextDataViewType)
        {
            throw new ArgumentException($"Alphabet column '{a.Name}' has type {a.Type}; it must be text.", nameof(alphabetColumn));
        }

        var labels = LabelReader.For(label);
        int size = height * width;
        long expectedRows = data.GetRowCount() ?? 1024;
        var pixels = new float[checked(expectedRows * size)];
        long filled = 0;
        var rowLabels = new List<int>();
        var rowAlphabets = new List<string>();
        var columns = alphabet is { } al ? new[] { image, label, al } : new[] { image, label };
        using (var cursor = data.GetRowCursor(columns))
        {
            var getImage = cursor.GetGetter<VBuffer<float>>(image);
            var getLabel = labels.CreateGetter(cursor);
            var getAlphabet = alphabet is { } c ? cursor.GetGetter<ReadOnlyMemory<char>>(c) : null;
            VBuffer<float> buffer = default;
            ReadOnlyMemory<char> text = default;
            while (cursor.MoveNext())
            {
                long row = cursor.Position;
                getImage(ref buffer);
                if (filled + size > pixels.Length)
                {
                    Array.Resize(ref pixels, (int)Math.Min(Array.MaxLength, Math.Max(2L * pixels.Length, filled + size)));
                }

                var dense = pixels.AsSpan((int)filled, size);
                buffer.CopyTo(dense);
                int outside = dense.IndexOfAnyExceptInRange(0f, 1f);
                if (outside >= 0)
                {
                    throw new InvalidDataException(
                        $"Row {row} of column '{image.Name}' has pixel {outside} = {dense[outside]}; pixels must be in [0, 1].");
                }

                filled += size;
                rowLabels.Add(getLabel(row));
                if (getAlphabet is not null)
                {
                    getAlphabet(ref text);
                    rowAlphabets.Add(text.ToString());
                }
            }
        }

        var (ids, classNames) = labels.Finish(rowLabels);
        var classAlphabets = alphabet is { } col ? ClassAlphabets(ids, classNames.Count, rowAlphabets, col.Name) : null;
        if (pixels.Length != filled)
        {
            Array.Resize(ref pixels, (int)filled);
        }

        return new LabeledImages(height, width, pixels, ids, classNames, classAlphabets, validatePixels: false);
    }

    private static DataViewSchema.Column Find(DataViewSchema schema, string name, string role) =>
        schema.GetColumnOrNull(name) ?? throw new ArgumentException(
            $"The data has no {role} column '{name}'; its columns are {string.Join(", ", schema.Select(c => $"'{c.Name}'"))}.");

    private static (int Height, int Width) ImageSize(DataViewSchema.Column image)
    {
        if (image.Type is not VectorDataViewType { ItemType: NumberDataViewType item, IsKnownSize: true } vector || item != NumberDataViewType.Single)
        {
            throw new ArgumentException($"Image column '{image.Name}' has type {image.Type}; it must be a known-size vector of Single.");
        }

        if (vector.Dimensions.Length == 2)
        {
            return (vector.Dimensions[0], vector.Dimensions[1]);
        }

        int side = (int)Math.Round(Math.Sqrt(vector.Size));
        if (side * side != vector.Size)
        {
            throw new ArgumentException(
                $"Image column '{image.Name}' has {vector.Size} values without [height, width] dimensions, and {vector.Size} is not a square; "
                + "give the vector type two dimensions.");
        }

        return (side, side);
    }

    private static string[] ClassAlphabets(int[] ids, int classCount, List<string> rowAlphabets, string column)
    {
        var alphabets = new string?[classCount];
        for (int row = 0; row < ids.Length; row++)
        {
            ref string? known = ref alphabets[ids[row]];
            if (known is null)
            {
                known = rowAlphabets[row];
            }
            else if (!string.Equals(known, rowAlphabets[row], StringComparison.Ordinal))
            {
                throw new InvalidDataException(
                    $"Row {row} puts class {ids[row]} in alphabet '{rowAlphabets[row]}' of column '{column}', but an earlier row put it in '{known}'; a class belongs to one alphabet.");
            }
        }

        return alphabets.Select(a => a ?? "").ToArray();
    }

    /// <summary>Turns one label column's values into class ids and names.</summary>
    private abstract class LabelReader
    {
        public static LabelReader For(DataViewSchema.Column column) => column.Type switch
        {
            KeyDataViewType key => new KeyLabels(column, key),
            TextDataViewType => new TextLabels(column),
            NumberDataViewType number => new WholeNumberLabels(column, number),
            _ => throw new ArgumentException(
                $"Label column '{column.Name}' has type {column.Type}; it must be a key, a whole number or text."),
        };

        /// <summary>Returns a function giving the current row's label as an int (class id, or a temporary code).</summary>
        public abstract Func<long, int> CreateGetter(DataViewRowCursor cursor);

        /// <summary>The final class ids and names.</summary>
        public abstract (int[] Ids, IReadOnlyList<string> Names) Finish(List<int> labels);
    }

    private static Func<ulong> RawKey(DataViewRowCursor cursor, DataViewSchema.Column column, KeyDataViewType key) =>
        Type.GetTypeCode(key.RawType) switch
        {
            TypeCode.Byte => Read<byte, ulong>(cursor, column, v => v),
            TypeCode.UInt16 => Read<ushort, ulong>(cursor, column, v => v),
            TypeCode.UInt32 => Read<uint, ulong>(cursor, column, v => v),
            _ => Read<ulong, ulong>(cursor, column, v => v),
        };

    private static Func<double> Number(DataViewRowCursor cursor, DataViewSchema.Column column) =>
        Type.GetTypeCode(column.Type.RawType) switch
        {
            TypeCode.SByte => Read<sbyte, double>(cursor, column, v => v),
            TypeCode.Byte => Read<byte, double>(cursor, column, v => v),
            TypeCode.Int16 => Read<short, double>(cursor, column, v => v),
            TypeCode.UInt16 => Read<ushort, double>(cursor, column, v => v),
            TypeCode.Int32 => Read<int, double>(cursor, column, v => v),
            TypeCode.UInt32 => Read<uint, double>(cursor, column, v => v),
            TypeCode.Int64 => Read<long, double>(cursor, column, v => v),
            TypeCode.UInt64 => Read<ulong, double>(cursor, column, v => v),
            TypeCode.Single => Read<float, double>(cursor, column, v => v),
            _ => Read<double, double>(cursor, column, v => v),
        };

    private static Func<TResult> Read<TValue, TResult>(DataViewRowCursor cursor, DataViewSchema.Column column, Func<TValue, TResult> convert)
    {
        var get = cursor.GetGetter<TValue>(column);
        TValue value = default!;
        return () =>
        {
            get(ref value);
            return convert(value);
        };
    }

    private sealed class KeyLabels(DataViewSchema.Column column, KeyDataViewType key) : LabelReader
    {
        public override Func<long, int> CreateGetter(DataViewRowCursor cursor)
        {
            var get = RawKey(cursor, column, key);
            return row =>
            {
                ulong raw = get();
                if (raw == 0 || raw > key.Count)
                {
                    throw new InvalidDataException(
                        $"Row {row} of label column '{column.Name}' has key value {raw}; a class needs a key from 1 to {key.Count} (0 is missing).");
                }

                return (int)raw - 1;
            };
        }

        public override (int[] Ids, IReadOnlyList<string> Names) Finish(List<int> labels)
        {
            int count = checked((int)key.Count);
            var names = Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            if (column.Annotations.Schema.GetColumnOrNull(LabeledImagesDataView.KeyValuesKind) is { Type: VectorDataViewType { ItemType: TextDataViewType } })
            {
                VBuffer<ReadOnlyMemory<char>> values = default;
                column.Annotations.GetValue(LabeledImagesDataView.KeyValuesKind, ref values);
                int i = 0;
                foreach (var value in values.DenseValues())
                {
                    if (i < count)
                    {
                        names[i++] = value.ToString();
                    }
                }
            }

            return (labels.ToArray(), names);
        }
    }

    private sealed class WholeNumberLabels(DataViewSchema.Column column, NumberDataViewType type) : LabelReader
    {
        public override Func<long, int> CreateGetter(DataViewRowCursor cursor)
        {
            var get = Number(cursor, column);
            return row =>
            {
                double value = get();
                if (!(value >= 0 && value <= int.MaxValue - 1 && value == Math.Floor(value)))
                {
                    throw new InvalidDataException(
                        $"Row {row} of label column '{column.Name}' ({type}) has value {value}; a class id must be a whole number from 0.");
                }

                return (int)value;
            };
        }

        public override (int[] Ids, IReadOnlyList<string> Names) Finish(List<int> labels)
        {
            int count = labels.Count == 0 ? 0 : labels.Max() + 1;
            return (labels.ToArray(), Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        }
    }

    private sealed class TextLabels(DataViewSchema.Column column) : LabelReader
    {
        private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);

        public override Func<long, int> CreateGetter(DataViewRowCursor cursor)
        {
            var get = cursor.GetGetter<ReadOnlyMemory<char>>(column);
            ReadOnlyMemory<char> value = default;
            return row =>
            {
                get(ref value);
                string text = value.ToString();
                if (!_codes.TryGetValue(text, out int code))
                {
                    code = _codes.Count;
                    _codes.Add(text, code);
                }

                return code;
            };
        }

        public override (int[] Ids, IReadOnlyList<string> Names) Finish(List<int> labels)
        {
            string[] names = _codes.Keys.Order(StringComparer.Ordinal).ToArray();
            var idOfCode = new int[names.Length];
            foreach (var (text, code) in _codes)
            {
                idOfCode[code] = Array.BinarySearch(names, text, StringComparer.Ordinal);
            }

            return (labels.Select(code => idOfCode[code]).ToArray(), names);
        }
    }
}
