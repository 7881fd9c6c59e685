using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Persistence;

namespace Synaptic.ML.Transforms;

/// <summary>
/// Base of the Synaptic transformers that read one <see cref="float"/> vector column and append one
/// <see cref="float"/> vector column computed row by row (spike encoders, decoders, policies).
/// It supplies everything ML.NET asks of a transformer: the output schema, lazy
/// <see cref="IDataView"/> transformation, and the row-to-row mapper that
/// <c>PredictionEngine</c> and <c>TransformerChain</c> use. The input columns are kept.
/// </summary>
/// <remarks>
/// Derived transformers are immutable; <see cref="Map"/> must be thread-safe because ML.NET may
/// score several cursors at once.
/// </remarks>
public abstract class VectorColumnTransformer : AppendedColumnsTransformer
{
    /// <summary>Creates the transformer.</summary>
    /// <param name="env">The environment (an <see cref="MLContext"/> or the one ML.NET loads with).</param>
    /// <param name="registrationName">Name of the component, used for the host and in messages.</param>
    /// <param name="outputColumnName">Name of the column to append.</param>
    /// <param name="inputColumnName">Name of the float-vector column to read.</param>
    /// <param name="fittedInputSize">Values per row of the input column the transformer was fitted on; <see langword="null"/> when unknown
    /// (before fitting, or loaded from a zip that did not record it).</param>
    private protected VectorColumnTransformer(IHostEnvironment env, string registrationName, string outputColumnName, string inputColumnName, int? fittedInputSize = null)
        : base(env, registrationName, inputColumnName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputColumnName);
        if (fittedInputSize is <= 0)
            throw new ArgumentOutOfRangeException(nameof(fittedInputSize), fittedInputSize, "The fitted input size must be positive.");
        OutputColumnName = outputColumnName;
        FittedInputSize = fittedInputSize;
    }

    /// <summary>Name of the appended column.</summary>
    public string OutputColumnName { get; }

    /// <summary>
    /// Values per row of the input column the transformer was fitted on; data with another size is refused, naming the column and
    /// both sizes. <see langword="null"/> for a transformer not fitted (taken from an estimator before <c>Fit</c>) or loaded from a
    /// zip written before the size was recorded, which accept any size.
    /// </summary>
    public int? FittedInputSize { get; }

    /// <summary>
    /// Checks the input column and returns the type of the appended column.
    /// </summary>
    /// <param name="inputType">The type of <see cref="AppendedColumnsTransformer.InputColumnName"/> in the input schema.</param>
    /// <returns>The output column type.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The input column has a type this transform cannot read.</exception>
    private protected abstract VectorDataViewType GetOutputType(DataViewType inputType);

    /// <summary>Computes one row's output. Must be thread-safe and allocate nothing.</summary>
    /// <param name="input">The row's input vector, dense.</param>
    /// <param name="output">The row's output vector, dense, to be fully written.</param>
    /// <param name="outputType">The output column type bound to the input schema (its dimensions give [T, N]).</param>
    /// <param name="position">The row's position in its cursor; seeds per-row randomness.</param>
    private protected abstract void Map(ReadOnlySpan<float> input, Span<float> output, VectorDataViewType outputType, long position);

    /// <summary>
    /// Checks one row's input before it is mapped, alone or in a block: the error to throw for the row (a
    /// <see cref="AppendedColumnsTransformer.BadValue"/> naming row and element), or <see langword="null"/>. In a block
    /// the error is thrown when the bad row's output is read, as it is row by row. The default accepts every row.
    /// </summary>
    /// <param name="input">The row's input vector, dense.</param>
    /// <param name="position">The row's position in its cursor.</param>
    /// <returns>The error, or <see langword="null"/>.</returns>
    private protected virtual ArgumentOutOfRangeException? CheckInput(ReadOnlySpan<float> input, long position) => null;

    /// <summary>
    /// Computes the outputs of <paramref name="count"/> rows given back to back, for a transformer whose
    /// <see cref="AppendedColumnsTransformer.RowsPerBlock"/> is above 1. Row k's output must be the one <see cref="Map"/>
    /// gives it alone. Must be thread-safe.
    /// </summary>
    /// <param name="inputs">The rows' input vectors, back to back, each checked by <see cref="CheckInput"/>.</param>
    /// <param name="count">The number of rows.</param>
    /// <param name="outputs">The rows' outputs, back to back, to be fully written.</param>
    /// <param name="outputType">The output column type bound to the input schema.</param>
    private protected virtual void MapBlock(ReadOnlySpan<float> inputs, int count, Span<float> outputs, VectorDataViewType outputType) =>
        throw new NotSupportedException($"{ComponentName} maps rows one at a time.");

    private protected sealed override RowBlockMapper CreateBlockMapper(DataViewRow inputRow, DataViewSchema.Column input) =>
        new BlockMapper(this, inputRow, input, GetOutputType(input.Type));

    private protected sealed override IReadOnlyList<DataViewSchema.DetachedColumn> GetOutputColumns(DataViewType inputType)
    {
        if (FittedInputSize is int fitted && InputSize(inputType) is var size && size != fitted)
            throw new ArgumentOutOfRangeException(nameof(inputType),
                $"{ComponentName}: column '{InputColumnName}' has {size} values per row; the transformer was fitted on {fitted}. " +
                "Transform data shaped as the data it was fitted on, or fit it again.");
        return [new DataViewSchema.DetachedColumn(OutputColumnName, GetOutputType(inputType))];
    }

    /// <summary>Writes <see cref="FittedInputSize"/> (0 when unknown); derived transformers call it in their layout.</summary>
    /// <param name="writer">The model writer.</param>
    private protected void SaveFittedInputSize(SynapticModelWriter writer) => writer.Writer.Write(FittedInputSize ?? 0);

    /// <summary>Reads what <see cref="SaveFittedInputSize"/> wrote.</summary>
    /// <param name="reader">The model reader.</param>
    /// <returns>The fitted input size, or <see langword="null"/> when it was not known.</returns>
    private protected static int? LoadFittedInputSize(SynapticModelReader reader) =>
        reader.Reader.ReadInt32() switch
        {
            0 => null,
            > 0 and var size => size,
            var bad => throw reader.Corrupt($"the fitted input size is {bad}"),
        };

    private protected sealed override Delegate?[] CreateGetters(DataViewRow inputRow, DataViewSchema.Column input, bool[] active) =>
        [active[0] ? CreateGetter(inputRow, input, GetOutputType(input.Type)) : null];

    /// <summary>Writes the column names; derived transformers write their parameters after them.</summary>
    /// <param name="writer">The model writer.</param>
    private protected void SaveColumns(SynapticModelWriter writer)
    {
        writer.Writer.Write(OutputColumnName);
        writer.Writer.Write(InputColumnName);
    }

    /// <summary>Reads the column names written by <see cref="SaveColumns"/>.</summary>
    /// <param name="reader">The model reader.</param>
    /// <returns>The output and input column names.</returns>
    private protected static (string Output, string Input) LoadColumns(SynapticModelReader reader)
    {
        var output = reader.Reader.ReadString();
        var input = reader.Reader.ReadString();
        if (string.IsNullOrWhiteSpace(output) || string.IsNullOrWhiteSpace(input))
            throw reader.Corrupt("a column name is empty");
        return (output, input);
    }

    /// <summary>
    /// [T, N] of a sequence or spike-train column: its two dimensions, or, when
    /// <paramref name="timeSteps"/> is given, T = <paramref name="timeSteps"/> and N = size / T.
    /// </summary>
    private protected (int Steps, int Neurons) SequenceShape(DataViewType inputType, int? timeSteps)
    {
        var size = InputSize(inputType);
        if (timeSteps is int t)
        {
            if (size % t != 0)
                throw new ArgumentOutOfRangeException(nameof(inputType),
                    $"{ComponentName}: column '{InputColumnName}' has {size} values, which cannot be split into {t} time steps.");
            return (t, size / t);
        }
        var dimensions = ((VectorDataViewType)inputType).Dimensions;
        if (dimensions.Length != 2)
            throw new ArgumentOutOfRangeException(nameof(inputType),
                $"{ComponentName}: column '{InputColumnName}' must be a [T, N] sequence (two dimensions) or TimeSteps must be set; it has dimensions [{string.Join(", ", dimensions)}].");
        return (dimensions[0], dimensions[1]);
    }

    /// <summary>The [T, N] column type of a spike train.</summary>
    private protected static VectorDataViewType SpikeTrainType(int timeSteps, int neurons) =>
        new(NumberDataViewType.Single, timeSteps, neurons);

    private ValueGetter<VBuffer<float>> CreateGetter(DataViewRow row, DataViewSchema.Column input, VectorDataViewType outputType)
    {
        var outputSize = outputType.Size;
        var reader = CreateDenseReader(row, input);
        return (ref VBuffer<float> value) =>
        {
            var values = reader.Read();
            if (CheckInput(values, row.Position) is { } error)
                throw error;
            var editor = VBufferEditor.Create(ref value, outputSize);
            Map(values, editor.Values, outputType, row.Position);
            value = editor.Commit();
        };
    }

    /// <summary>The block path: inputs of up to <see cref="AppendedColumnsTransformer.RowsPerBlock"/> rows, mapped by one <see cref="MapBlock"/>.</summary>
    private sealed class BlockMapper(VectorColumnTransformer transformer, DataViewRow row, DataViewSchema.Column input, VectorDataViewType outputType)
        : VectorRowBlockMapper(transformer.RowsPerBlock, transformer.InputSize(input.Type), CreateDenseReader(row, input).Read, transformer.CheckInput)
    {
        private readonly float[] _outputs = new float[transformer.RowsPerBlock * outputType.Size];

        public override Delegate?[] CreateGetters(bool[] active) => [active[0] ? (ValueGetter<VBuffer<float>>)Get : null];

        protected override void Compute(int count) =>
            transformer.MapBlock(Inputs.AsSpan(0, count * InputSize), count, _outputs.AsSpan(0, count * outputType.Size), outputType);

        private void Get(ref VBuffer<float> value)
        {
            Ready();
            var size = outputType.Size;
            var editor = VBufferEditor.Create(ref value, size);
            _outputs.AsSpan(Slot * size, size).CopyTo(editor.Values);
            value = editor.Commit();
        }
    }
}
