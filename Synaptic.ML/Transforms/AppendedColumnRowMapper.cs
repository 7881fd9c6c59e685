using Microsoft.ML;

namespace Synaptic.ML.Transforms;

/// <summary>The row-to-row mapper of an <see cref="AppendedColumnsTransformer"/>, for <c>PredictionEngine</c> and chains.</summary>
internal sealed class AppendedColumnRowMapper(ColumnBinding binding) : IRowToRowMapper
{
    public DataViewSchema InputSchema => binding.InputSchema;

    public DataViewSchema OutputSchema => binding.OutputSchema;

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) =>
        binding.InputColumnsFor(dependingColumns);

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) =>
        new AppendedColumnRow(input, binding, binding.ActiveOutputs(activeColumns));

    private sealed class AppendedColumnRow(DataViewRow source, ColumnBinding binding, bool[] active) : DataViewRow
    {
        private Delegate?[]? _getters;

        public override DataViewSchema Schema => binding.OutputSchema;

        public override long Position => source.Position;

        public override long Batch => source.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => source.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => binding.IsColumnActive(source, column, active);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
            binding.GetGetter<TValue>(source, column, () => _getters ??= binding.CreateOutputGetters(source, active));
    }
}
