namespace NeuralHjb.Autodiff;

/// <summary>
/// Free buffers grouped by length, for the buffer pools. A pass uses a handful of distinct lengths, so a linear
/// scan with a last-hit cache beats a dictionary (which hashes on every rent and return).
/// </summary>
internal sealed class BufferBuckets
{
    private readonly List<int> _lengths = [];
    private readonly List<Stack<Array>> _stacks = [];
    private int _last = -1;

    /// <summary>A free buffer of exactly <paramref name="length"/> elements, or null.</summary>
    public Array? TryPop(int length)
    {
        var i = Find(length);
        return i >= 0 && _stacks[i].TryPop(out var buffer) ? buffer : null;
    }

    /// <summary>Adds a free buffer.</summary>
    public void Push(Array buffer)
    {
        var i = Find(buffer.Length);
        if (i < 0)
        {
            _lengths.Add(buffer.Length);
            _stacks.Add(new Stack<Array>());
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
