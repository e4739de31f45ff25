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
/// <remarks>
/// The first layer of a network need not multiply the derivative blocks of its input: they are constant seeds, row
/// j of block j being <c>SeedValues[j − 1]</c> at input column <c>SeedColumns[j − 1]</c> (the direction, scaled by
/// an input normalisation) and zero elsewhere, and the second-derivative seeds are zero. A seeded layer
/// (<see cref="Tensor.TaylorLinear"/> with <c>seeded</c>) takes only the value block and writes z'ⱼ = W[:, c]·v.
/// </remarks>
internal sealed class TaylorLayout
{
    public TaylorLayout(int batch, int[] seedColumns, double[] seedValues, int[] secondPairs)
    {
        Batch = batch;
        SeedColumns = seedColumns;
        SeedValues = seedValues;
        SecondPairs = secondPairs;
    }

    /// <summary>For each first-derivative block, the input column of its direction.</summary>
    public int[] SeedColumns { get; }

    /// <summary>For each first-derivative block, the derivative of the (normalised) input along its direction.</summary>
    public double[] SeedValues { get; }

    /// <summary>Rows per block (the batch).</summary>
    public int Batch { get; }

    /// <summary>Number of first-derivative blocks.</summary>
    public int FirstCount => SeedColumns.Length;

    /// <summary>For each second-derivative block, the block index (1…FirstCount) of the first derivative along the same direction.</summary>
    public int[] SecondPairs { get; }

    /// <summary>Number of second-derivative blocks.</summary>
    public int SecondCount => SecondPairs.Length;

    /// <summary>Total number of blocks.</summary>
    public int Blocks => 1 + FirstCount + SecondPairs.Length;

    /// <summary>Block index of second derivative <paramref name="i"/>.</summary>
    public int SecondBlock(int i) => 1 + FirstCount + i;
}
