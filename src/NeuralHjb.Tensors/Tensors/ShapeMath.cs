namespace NeuralHjb.Tensors;

/// <summary>Shape arithmetic shared by the ops: products, strides, broadcasting, axes.</summary>
internal static class ShapeMath
{
    public static int Product(ReadOnlySpan<int> shape)
    {
        long p = 1;
        foreach (var d in shape)
        {
            p *= d;
            if (p > int.MaxValue)
            {
                throw new ArgumentException($"shape {Format(shape)} has more than {int.MaxValue} elements.", nameof(shape));
            }
        }

        return (int)p;
    }

    public static int[] ContiguousStrides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        var s = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= shape[i];
        }

        return strides;
    }

    private static readonly int[] VectorStrides = [1];
    private static readonly int[]?[] MatrixStrides = new int[]?[1024];

    /// <summary>
    /// <see cref="ContiguousStrides"/> as an array that may be shared between tensors (strides are never
    /// written after construction): scalars, vectors and matrices with fewer than 1024 columns reuse one array
    /// per shape kind instead of allocating one per op result.
    /// </summary>
    public static int[] SharedContiguousStrides(ReadOnlySpan<int> shape)
    {
        switch (shape.Length)
        {
            case 0:
                return [];
            case 1:
                return VectorStrides;
            case 2 when (uint)shape[1] < (uint)MatrixStrides.Length:
                // A benign race: two threads may each build the array for a width; either is correct.
                return MatrixStrides[shape[1]] ??= [shape[1], 1];
            default:
                return ContiguousStrides(shape);
        }
    }

    public static bool IsContiguous(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides)
    {
        var s = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            if (shape[i] != 1 && strides[i] != s)
            {
                return false;
            }

            s *= shape[i];
        }

        return true;
    }

    public static int[] Validate(ReadOnlySpan<int> shape, string paramName)
    {
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"shape {Format(shape)} has a negative dimension.", paramName);
            }
        }

        _ = Product(shape);
        return shape.ToArray();
    }

    public static bool SameShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);

    /// <summary>NumPy broadcasting of two shapes, or an exception naming both.</summary>
    public static int[] Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b, string op, string paramName = "other")
    {
        var rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            var db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
            {
                throw new ArgumentException($"{op}: shapes {Format(a)} and {Format(b)} cannot be broadcast together (dimension {i}: {da} vs {db}).", paramName);
            }

            result[i] = da == 1 ? db : da;
        }

        return result;
    }

    /// <summary>Strides that read a tensor of <paramref name="shape"/> as if expanded to <paramref name="target"/>.</summary>
    public static int[] BroadcastStrides(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides, ReadOnlySpan<int> target)
    {
        var result = new int[target.Length];
        var lead = target.Length - shape.Length;
        for (var i = 0; i < shape.Length; i++)
        {
            result[lead + i] = shape[i] == 1 && target[lead + i] != 1 ? 0 : strides[i];
        }

        return result;
    }

    public static int NormalizeAxis(int axis, int rank, string paramName)
    {
        var a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
        {
            throw new ArgumentOutOfRangeException(paramName, rank == 0
                ? $"axis {axis} is out of range: a scalar (rank 0) has no axes."
                : $"axis {axis} is out of range for a tensor of rank {rank} (valid: {-rank} to {rank - 1}).");
        }

        return a;
    }

    /// <summary>Resolves a single -1 in a requested shape and checks the element count.</summary>
    public static int[] ResolveReshape(ReadOnlySpan<int> shape, int count)
    {
        var result = shape.ToArray();
        var inferred = -1;
        long known = 1;
        for (var i = 0; i < result.Length; i++)
        {
            if (result[i] == -1)
            {
                if (inferred >= 0)
                {
                    throw new ArgumentException($"reshape to {Format(shape)}: at most one dimension may be -1.", nameof(shape));
                }

                inferred = i;
            }
            else if (result[i] < 0)
            {
                throw new ArgumentException($"reshape to {Format(shape)}: dimensions must be non-negative or -1.", nameof(shape));
            }
            else
            {
                known *= result[i];
            }
        }

        if (inferred >= 0)
        {
            if (known == 0 || count % known != 0)
            {
                throw new ArgumentException($"reshape of {count} elements to {Format(shape)}: the -1 dimension cannot be inferred.", nameof(shape));
            }

            result[inferred] = (int)(count / known);
        }
        else if (known != count)
        {
            throw new ArgumentException($"reshape of {count} elements to {Format(shape)} ({known} elements) is impossible.", nameof(shape));
        }

        return result;
    }

    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";
}
