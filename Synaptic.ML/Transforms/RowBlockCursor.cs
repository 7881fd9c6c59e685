using Microsoft.ML;

namespace Synaptic.ML.Transforms;

/// <summary>
/// A cursor over the input with a transformer's appended columns that reads the source a block of rows ahead: when
/// it moves past the last row of its block it reads up to <see cref="RowBlockMapper.Capacity"/> source rows, keeping
/// their requested input columns and row ids, and its <see cref="RowBlockMapper"/> computes their outputs together when
/// the first of them is read. Rows are then served one by one, in the source's order, each with the position, batch and id it had in the source.
/// </summary>
internal sealed class RowBlockCursor : DataViewRowCursor
{
    private readonly DataViewRowCursor _source;
    private readonly ColumnBinding _binding;
    private readonly bool[] _active;
    private readonly RowBlockMapper _mapper;
    private readonly BufferedColumn?[] _columns;
    private readonly ValueGetter<DataViewRowId> _sourceId;
    private readonly DataViewRowId[] _ids;
    private readonly long[] _positions;
    private readonly long[] _batches;
    private readonly Func<int> _slot;
    private Delegate?[]? _getters;
    private int _count;
    private int _current = -1;
    private long _position = -1;
    private bool _sourceDone;

    /// <summary>Creates the cursor.</summary>
    /// <param name="source">The source cursor, with the input column (and the requested input columns) active.</param>
    /// <param name="binding">The transformer bound to the source's schema.</param>
    /// <param name="active">Which appended columns were requested.</param>
    /// <param name="mapper">The mapper of this cursor, reading from <paramref name="source"/>.</param>
    /// <param name="requested">The columns requested of this cursor.</param>
    public RowBlockCursor(DataViewRowCursor source, ColumnBinding binding, bool[] active, RowBlockMapper mapper, IEnumerable<DataViewSchema.Column> requested)
    {
        _source = source;
        _binding = binding;
        _active = active;
        _mapper = mapper;
        _columns = new BufferedColumn?[binding.FirstOutputIndex];
        foreach (var column in requested.Where(c => c.Index < binding.FirstOutputIndex))
            _columns[column.Index] ??= BufferedColumn.Create(source, binding.InputSchema[column.Index], mapper.Capacity);
        _sourceId = source.GetIdGetter();
        _ids = new DataViewRowId[mapper.Capacity];
        _positions = new long[mapper.Capacity];
        _batches = new long[mapper.Capacity];
        _slot = () => _current;
    }

    public override DataViewSchema Schema => _binding.OutputSchema;

    public override long Position => _position;

    public override long Batch => _current < 0 ? 0 : _batches[_current];

    public override bool MoveNext()
    {
        if (_current + 1 < _count)
            _current++;
        else if (!ReadBlock())
            return false;
        _mapper.MoveTo(_current);
        _position = _positions[_current];
        return true;
    }

    public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId value) => value = _ids[_current];

    public override bool IsColumnActive(DataViewSchema.Column column) =>
        column.Index < _binding.FirstOutputIndex ? _columns[column.Index] is not null : _active[column.Index - _binding.FirstOutputIndex];

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (column.Index < _binding.FirstOutputIndex)
        {
            var buffered = _columns[column.Index]
                ?? throw new InvalidOperationException($"Column '{column.Name}' was not requested as active when the cursor was created.");
            return buffered.GetGetter<TValue>(column, _slot);
        }
        return _binding.GetGetter<TValue>(_source, column, () => _getters ??= _mapper.CreateGetters(_active));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _source.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>Reads the next block; false when the source has no rows left.</summary>
    private bool ReadBlock()
    {
        _mapper.Clear();
        _count = 0;
        _current = -1;
        while (!_sourceDone && _count < _mapper.Capacity)
        {
            if (!_source.MoveNext())
            {
                // A source is not asked again once it said it has no rows left.
                _sourceDone = true;
                break;
            }
            foreach (var column in _columns)
                column?.Read(_count);
            _sourceId(ref _ids[_count]);
            _positions[_count] = _source.Position;
            _batches[_count] = _source.Batch;
            _mapper.Add(_source.Position);
            _count++;
        }
        if (_count == 0)
            return false;
        _current = 0;
        return true;
    }
}
