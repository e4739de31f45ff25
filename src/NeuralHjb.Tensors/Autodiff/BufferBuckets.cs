namespace NeuralHjb.Autodiff;

/// <summary>
/// Free buffers grouped by length, for the buffer pools. A pass uses a handful of distinct lengths, so a linear
/// scan with a last-hit cache beats a dictionary (which hashes on every rent and return). Typed by element, so
/// that storing a buffer needs no covariant array-store check.
/// </summary>
/// <typeparam name="T">The element type (float or double).</typeparam>
internal sealed class BufferBuckets<T>
    where T : unmanaged
{
    private readonly List<int> _lengths = [];
    private readonly List<Stack<T[]>> _stacks = [];
    private int _last = -1;

    /// <summary>A free buffer of exactly <paramref name="length"/> elements, or null.</summary>
    public T[]? TryPop(int length)
    {
        var i = Find(length);
        return i >= 0 && _stacks[i].TryPop(out var buffer) ? buffer : null;
    }

    /// <summary>Adds a free buffer.</summary>
    public void Push(T[] buffer)
    {
        var i = Find(buffer.Length);
        if (i < 0)
        {
            _lengths.Add(buffer.Length);
            _stacks.Add(new Stack<T[]>());
            i = _last = _lengths.Count - 1;
        }

        _stacks[i].Push(buffer);
    }

    /// <summary>Drops every free buffer (the lengths stay known).</summary>
    public void Clear()
    {
        foreach (var stack in _stacks)
        {
            stack.Clear();
        }
    }

    private int Find(int length)
    {
        if (_last >= 0 && _lengths[_last] == length)
        {
            return _last;
        }

        var i = _lengths.IndexOf(length);
        if (i >= 0)
        {
            _last = i;
        }

        return i;
    }
}
