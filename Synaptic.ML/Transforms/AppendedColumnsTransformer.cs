using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Persistence;

namespace Synaptic.ML.Transforms;

/// <summary>
/// Base of the Synaptic transformers that read one input column and append one or more columns computed
/// row by row. It supplies everything ML.NET asks of a transformer: the output schema, lazy
/// <see cref="IDataView"/> transformation, the row-to-row mapper that <c>PredictionEngine</c> and
/// <c>TransformerChain</c> use, and saving through <see cref="ISynapticModel"/>. The input columns are kept.
/// </summary>
/// <remarks>
/// Derived transformers are immutable; the getters they create must be safe to use from several cursors at
/// once, each cursor with its own getters.
/// </remarks>
public abstract class AppendedColumnsTransformer : ITransformer
{
    /// <summary>Creates the transformer.</summary>
    /// <param name="env">The environment (an <see cref="MLContext"/> or the one ML.NET loads with).</param>
    /// <param name="registrationName">Name of the component, used for the host and in messages.</param>
    /// <param name="inputColumnName">Name of the column to read.</param>
    private protected AppendedColumnsTransformer(IHostEnvironment env, string registrationName, string inputColumnName)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentException.ThrowIfNullOrWhiteSpace(inputColumnName);
        Host = env.Register(registrationName);
        ComponentName = registrationName;
        InputColumnName = inputColumnName;
    }

    /// <summary>Name of the column that is read.</summary>
    public string InputColumnName { get; }

    /// <summary>Always <see langword="true"/>: the transform works one row at a time.</summary>
    public bool IsRowToRowMapper => true;

    private protected IHost Host { get; }

    private protected string ComponentName { get; }

    /// <summary>Checks the input column and returns the appended columns, in order.</summary>
    /// <param name="inputType">The type of <see cref="InputColumnName"/> in the input schema.</param>
    /// <returns>Name and type of each appended column.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The input column has a type this transform cannot read.</exception>
    private protected abstract IReadOnlyList<DataViewSchema.DetachedColumn> GetOutputColumns(DataViewType inputType);

    /// <summary>
    /// Further input columns the outputs read when present in the input (e.g. the episode column of a stateful
    /// policy); they are made active whenever an output is.
    /// </summary>
    private protected virtual IReadOnlyList<string> AuxiliaryInputColumns => [];

    /// <summary>
    /// Creates the getters of the appended columns for one cursor or row. Entry k is a
    /// <see cref="ValueGetter{TValue}"/> of output column k's type, or <see langword="null"/> where
    /// <paramref name="active"/>[k] is false.
    /// </summary>
    /// <param name="inputRow">The input row the getters read.</param>
    /// <param name="input">The input column.</param>
    /// <param name="active">Which appended columns were requested.</param>
    /// <returns>One getter per appended column.</returns>
    private protected abstract Delegate?[] CreateGetters(DataViewRow inputRow, DataViewSchema.Column input, bool[] active);

    /// <summary>
    /// Rows that a cursor over the data of <see cref="Transform"/> maps at once, with <see cref="CreateBlockMapper"/>;
    /// 1 (the default) maps each row as it is read. A row's outputs must not depend on the block it is in.
    /// <c>PredictionEngine</c> and the row-to-row mapper map one row at a time with <see cref="CreateGetters"/>.
    /// </summary>
    private protected virtual int RowsPerBlock => 1;

    /// <summary>A mapper for blocks of <see cref="RowsPerBlock"/> rows; asked for only when that is above 1.</summary>
    /// <param name="inputRow">The source cursor the mapper reads.</param>
    /// <param name="input">The input column.</param>
    /// <returns>The mapper, for one cursor.</returns>
    private protected virtual RowBlockMapper CreateBlockMapper(DataViewRow inputRow, DataViewSchema.Column input) =>
        throw new NotSupportedException($"{ComponentName} maps rows one at a time.");

    /// <summary>Returns the input schema with the appended columns.</summary>
    /// <param name="inputSchema">The schema of the data to transform.</param>
    /// <returns>The output schema.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The input column is missing or has the wrong type.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        foreach (var column in GetOutputColumns(FindInputColumn(inputSchema).Type))
            builder.AddColumn(column.Name, column.Type, column.Annotations);
        return builder.ToSchema();
    }

    /// <summary>Transforms lazily: the appended columns are computed as a cursor reads them.</summary>
    /// <param name="input">The data to transform.</param>
    /// <returns>A view with the appended columns.</returns>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new AppendedColumnDataView(input, CreateBinding(input.Schema));
    }

    /// <summary>Returns the row-to-row mapper used by <c>PredictionEngine</c> and transformer chains.</summary>
    /// <param name="inputSchema">The schema of the rows to map.</param>
    /// <returns>The mapper.</returns>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new AppendedColumnRowMapper(CreateBinding(inputSchema));
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        SynapticModelRegistry.Save(this as ISynapticModel
            ?? throw new InvalidOperationException($"{GetType().FullName} does not implement ISynapticModel and cannot be saved."), ctx);

    /// <summary>The error for a bad input value, naming column, row, element and value.</summary>
    /// <param name="position">The row position.</param>
    /// <param name="index">The element index.</param>
    /// <param name="value">The value.</param>
    /// <param name="expectation">What the transform expects, e.g. "values in [0, 1]".</param>
    /// <returns>The exception to throw.</returns>
    private protected ArgumentOutOfRangeException BadValue(long position, int index, float value, string expectation) =>
        new(InputColumnName, value,
            $"Column '{InputColumnName}', row {position}, element {index}: value {value} is invalid; {ComponentName} expects {expectation}.");

    /// <summary>Returns the size of a known-size <see cref="float"/> vector column, or throws naming the column.</summary>
    /// <param name="inputType">The input column type.</param>
    /// <returns>The number of values per row.</returns>
    private protected int InputSize(DataViewType inputType) =>
        inputType is VectorDataViewType { ItemType: NumberDataViewType itemType, IsKnownSize: true } vector && itemType == NumberDataViewType.Single
            ? vector.Size
            : throw new ArgumentOutOfRangeException(nameof(inputType),
                $"{ComponentName}: input column '{InputColumnName}' must be a known-size vector of Single; it is {inputType}.");

    /// <summary>Throws <see cref="BadValue"/> at the first NaN (or infinity, unless allowed).</summary>
    /// <param name="input">The row's values.</param>
    /// <param name="position">The row position, for the message.</param>
    /// <param name="allowInfinity">Whether ±∞ are accepted.</param>
    private protected void RequireFinite(ReadOnlySpan<float> input, long position, bool allowInfinity = false)
    {
        var bad = allowInfinity
            ? input.IndexOfAnyExceptInRange(float.NegativeInfinity, float.PositiveInfinity)
            : input.IndexOfAnyExceptInRange(float.MinValue, float.MaxValue);
        if (bad >= 0)
            throw BadValue(position, bad, input[bad], allowInfinity ? "no NaN values" : "finite values");
    }

    /// <summary>
    /// Returns a getter of the row's input vector as a dense span (sparse rows are densified into a reused buffer).
    /// </summary>
    /// <param name="row">The input row.</param>
    /// <param name="input">The input column.</param>
    /// <returns>A function reading the current row.</returns>
    private protected static DenseVectorReader CreateDenseReader(DataViewRow row, DataViewSchema.Column input) => new(row, input);

    private DataViewSchema.Column FindInputColumn(DataViewSchema schema) =>
        schema.GetColumnOrNull(InputColumnName)
        ?? throw new ArgumentOutOfRangeException(nameof(schema),
            $"{ComponentName}: input column '{InputColumnName}' is not in the schema (columns: {string.Join(", ", schema.Select(c => c.Name))}).");

    private ColumnBinding CreateBinding(DataViewSchema inputSchema)
    {
        var input = FindInputColumn(inputSchema);
        var auxiliary = AuxiliaryInputColumns.Select(inputSchema.GetColumnOrNull).Where(c => c is not null).Select(c => c!.Value.Index).ToArray();
        return new ColumnBinding(inputSchema, input, GetOutputSchema(inputSchema), this, auxiliary);
    }

    internal Delegate?[] CreateOutputGetters(DataViewRow inputRow, DataViewSchema.Column input, bool[] active) =>
        CreateGetters(inputRow, input, active);

    internal bool MapsBlocks => RowsPerBlock > 1;

    internal RowBlockMapper CreateOutputBlockMapper(DataViewRow inputRow, DataViewSchema.Column input) =>
        CreateBlockMapper(inputRow, input);

    /// <summary>Reads a <see cref="float"/> vector column as a dense span, reusing its buffers.</summary>
    private protected sealed class DenseVectorReader
    {
        private readonly ValueGetter<VBuffer<float>> _getter;
        private VBuffer<float> _buffer;
        private float[] _dense = [];

        internal DenseVectorReader(DataViewRow row, DataViewSchema.Column input) =>
            _getter = row.GetGetter<VBuffer<float>>(input);

        /// <summary>Reads the current row.</summary>
        /// <returns>The values, valid until the next call.</returns>
        public ReadOnlySpan<float> Read()
        {
            _getter(ref _buffer);
            if (_buffer.IsDense)
                return _buffer.GetValues();
            if (_dense.Length != _buffer.Length)
                _dense = new float[_buffer.Length];
            _buffer.CopyTo(_dense);
            return _dense;
        }
    }
}
