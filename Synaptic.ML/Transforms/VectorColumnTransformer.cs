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
public abstract class VectorColumnTransformer : ITransformer
{
    /// <summary>Creates the transformer.</summary>
    /// <param name="env">The environment (an <see cref="MLContext"/> or the one ML.NET loads with).</param>
    /// <param name="registrationName">Name of the component, used for the host and in messages.</param>
    /// <param name="outputColumnName">Name of the column to append.</param>
    /// <param name="inputColumnName">Name of the float-vector column to read.</param>
    private protected VectorColumnTransformer(IHostEnvironment env, string registrationName, string outputColumnName, string inputColumnName)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputColumnName);
        ArgumentException.ThrowIfNullOrWhiteSpace(inputColumnName);
        Host = env.Register(registrationName);
        ComponentName = registrationName;
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
    }

    /// <summary>Name of the appended column.</summary>
    public string OutputColumnName { get; }

    /// <summary>Name of the column that is read.</summary>
    public string InputColumnName { get; }

    /// <summary>Always <see langword="true"/>: the transform works one row at a time.</summary>
    public bool IsRowToRowMapper => true;

    private protected IHost Host { get; }

    private protected string ComponentName { get; }

    /// <summary>
    /// Checks the input column and returns the type of the appended column.
    /// </summary>
    /// <param name="inputType">The type of <see cref="InputColumnName"/> in the input schema.</param>
    /// <returns>The output column type.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The input column has a type this transform cannot read.</exception>
    private protected abstract VectorDataViewType GetOutputType(DataViewType inputType);

    /// <summary>Computes one row's output. Must be thread-safe and allocate nothing.</summary>
    /// <param name="input">The row's input vector, dense.</param>
    /// <param name="output">The row's output vector, dense, to be fully written.</param>
    /// <param name="outputType">The output column type bound to the input schema (its dimensions give [T, N]).</param>
    /// <param name="position">The row's position in its cursor; seeds per-row randomness.</param>
    private protected abstract void Map(ReadOnlySpan<float> input, Span<float> output, VectorDataViewType outputType, long position);

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var outputType = GetOutputType(FindInputColumn(inputSchema).Type);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumn(OutputColumnName, outputType);
        return builder.ToSchema();
    }

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new AppendedColumnDataView(input, CreateBinding(input.Schema));
    }

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new AppendedColumnRowMapper(CreateBinding(inputSchema));
    }

    /// <inheritdoc />
    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        SynapticModelRegistry.Save(this as ISynapticModel
            ?? throw new InvalidOperationException($"{GetType().FullName} does not implement ISynapticModel and cannot be saved."), ctx);

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

    /// <summary>Builds the exception for a bad value in the input column.</summary>
    private protected ArgumentOutOfRangeException BadValue(long position, int index, float value, string expectation) =>
        new(InputColumnName, value,
            $"Column '{InputColumnName}', row {position}, element {index}: value {value} is invalid; {ComponentName} expects {expectation}.");

    /// <summary>The size of a known-size <see cref="float"/> vector column type; anything else is refused.</summary>
    private protected int InputSize(DataViewType inputType) =>
        inputType is VectorDataViewType { ItemType: NumberDataViewType itemType, IsKnownSize: true } vector && itemType == NumberDataViewType.Single
            ? vector.Size
            : throw new ArgumentOutOfRangeException(nameof(inputType),
                $"{ComponentName}: input column '{InputColumnName}' must be a known-size vector of Single; it is {inputType}.");

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

    /// <summary>Refuses NaN (and, unless allowed, infinite) input values, naming the column, row and element.</summary>
    private protected void RequireFinite(ReadOnlySpan<float> input, long position, bool allowInfinity = false)
    {
        var bad = allowInfinity
            ? input.IndexOfAnyExceptInRange(float.NegativeInfinity, float.PositiveInfinity)
            : input.IndexOfAnyExceptInRange(float.MinValue, float.MaxValue);
        if (bad >= 0)
            throw BadValue(position, bad, input[bad], allowInfinity ? "no NaN values" : "finite values");
    }

    private DataViewSchema.Column FindInputColumn(DataViewSchema schema) =>
        schema.GetColumnOrNull(InputColumnName)
        ?? throw new ArgumentOutOfRangeException(nameof(schema),
            $"{ComponentName}: input column '{InputColumnName}' is not in the schema (columns: {string.Join(", ", schema.Select(c => c.Name))}).");

    private ColumnBinding CreateBinding(DataViewSchema inputSchema)
    {
        var input = FindInputColumn(inputSchema);
        var outputType = GetOutputType(input.Type);
        return new ColumnBinding(inputSchema, input, GetOutputSchema(inputSchema), outputType, this);
    }

    /// <summary>Produces the appended column's getter over any row that has the input column.</summary>
    internal ValueGetter<VBuffer<float>> CreateGetter(DataViewRow row, DataViewSchema.Column input, VectorDataViewType outputType)
    {
        var outputSize = outputType.Size;
        var inputGetter = row.GetGetter<VBuffer<float>>(input);
        var inputBuffer = default(VBuffer<float>);
        float[] dense = [];
        return (ref VBuffer<float> value) =>
        {
            inputGetter(ref inputBuffer);
            ReadOnlySpan<float> values;
            if (inputBuffer.IsDense)
            {
                values = inputBuffer.GetValues();
            }
            else
            {
                if (dense.Length != inputBuffer.Length)
                    dense = new float[inputBuffer.Length];
                inputBuffer.CopyTo(dense);
                values = dense;
            }
            var editor = VBufferEditor.Create(ref value, outputSize);
            Map(values, editor.Values, outputType, row.Position);
            value = editor.Commit();
        };
    }
}
