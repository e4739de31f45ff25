namespace NeuralHjb.Autodiff;

/// <summary>
/// One flag per input of a node (which inputs need a gradient), as bits: a node records it without allocating
/// an array for the common case of up to 64 inputs.
/// </summary>
internal struct InputMask
{
    private ulong _bits;
    private bool[]? _beyond64;

    /// <summary>The flag of input <paramref name="index"/>.</summary>
    public bool this[int index]
    {
        readonly get => index < 64 ? ((_bits >> index) & 1) != 0 : _beyond64 is { } more && more[index - 64];
        set
        {
            if (index < 64)
            {
                _bits = value ? _bits | (1UL << index) : _bits & ~(1UL << index);
                return;
            }

            _beyond64 ??= new bool[index - 63];
            if (_beyond64.Length <= index - 64)
            {
                Array.Resize(ref _beyond64, index - 63);
            }

            _beyond64[index - 64] = value;
        }
    }
}
