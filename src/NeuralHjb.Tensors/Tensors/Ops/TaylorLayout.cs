namespace NeuralHjb.Tensors;

/// <summary>Activations the Taylor-mode linear op propagates derivatives through (see <see cref="Tensor.TaylorLinear"/>).</summary>
internal enum TaylorActivation
{
    Identity,
    Tanh,
    Relu,
    Silu,
    Softplus,
    Sigmoid,
}

/// <summary>
/// How a Taylor-mode stack is laid out: <see cref="Blocks"/> row blocks of <see cref="Batch"/> rows each, stacked
/// along the first axis — block 0 the values, blocks 1…<see cref="FirstCount"/> the first derivatives along the
/// input directions, then one block per second derivative along a direction whose first-derivative block is
/// <c>SecondPairs[i]</c> (1-based block index). A linear layer multiplies the whole stack by one GEMM.
/// </summary>
internal sealed class TaylorLayout
{
    public TaylorLayout(int batch, int firstCount, int[] secondPairs)
    {
        Batch = batch;
        FirstCount = firstCount;
        SecondPairs = secondPairs;
    }

    /// <summary>Rows per block (the batch).</summary>
    public int Batch { get; }

    /// <summary>Number of first-derivative blocks.</summary>
    public int FirstCount { get; }

    /// <summary>For each second-derivative block, the block index (1…FirstCount) of the first derivative along the same direction.</summary>
    public int[] SecondPairs { get; }

    /// <summary>Number of second-derivative blocks.</summary>
    public int SecondCount => SecondPairs.Length;

    /// <summary>Total number of blocks.</summary>
    public int Blocks => 1 + FirstCount + SecondPairs.Length;

    /// <summary>Block index of second derivative <paramref name="i"/>.</summary>
    public int SecondBlock(int i) => 1 + FirstCount + i;
}
