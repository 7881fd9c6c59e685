using System.Collections;

namespace Synaptic.ML.Environments.Wrappers;

/// <summary>The last <see cref="Capacity"/> values added, oldest first (Python's <c>deque(maxlen=n)</c>); adding allocates nothing.</summary>
internal sealed class RecentValues<T> : IReadOnlyList<T>
{
    private readonly T[] _items;
    private int _start;

    public RecentValues(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _items = new T[capacity];
    }

    public int Capacity => _items.Length;

    public int Count { get; private set; }

    public T this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _items[(_start + index) % _items.Length];
        }
    }

    public void Clear()
    {
        Array.Clear(_items);
        _start = 0;
        Count = 0;
    }

    public void Add(T value)
    {
        if (Count < _items.Length)
        {
            _items[(_start + Count++) % _items.Length] = value;
            return;
        }
        _items[_start] = value;
        _start = (_start + 1) % _items.Length;
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
            yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
