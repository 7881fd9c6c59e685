using Microsoft.ML;

namespace Synaptic.ML.Transforms;

/// <summary>The <see cref="IRowToRowMapper"/> used by <c>PredictionEngine</c> and transformer chains.</summary>
internal sealed class AppendedColumnRowMapper(ColumnBinding binding) : IRowToRowMapper
{
    public DataViewSchema InputSchema => binding.InputSchema;

    public DataViewSchema OutputSchema => binding.OutputSchema;

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) =>
        binding.InputColumnsFor(dependingColumns);

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) =>
        new AppendedColumnRow(input, binding, binding.IsOutputActive(activeColumns));

    private sealed class AppendedColumnRow(DataViewRow source, ColumnBinding binding, bool outputActive) : DataViewRow
    {
        public override DataViewSchema Schema => binding.OutputSchema;

        public override long Position => source.Position;

        public override long Batch => source.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => source.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => binding.IsColumnActive(source, column, outputActive);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
            binding.GetGetter<TValue>(source, column, outputActive);
    }
}
