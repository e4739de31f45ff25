namespace NeuralHjb.Tensors;

/// <summary>Copies a strided view into a dense row-major buffer.</summary>
internal static class StridedCopy
{
    public static void Copy<T>(T[] src, int offset, int[] shape, int[] strides, Span<T> dst)
    {
        var rank = shape.Length;
        if (dst.Length == 0)
        {
            return;
        }

        if (rank == 0)
        {
            dst[0] = src[offset];
            return;
        }

        // Iterate over all but the innermost dimension with an odometer; the inner loop is a plain
        // strided gather (or a block copy / fill when the inner stride is 1 / 0).
        var inner = shape[rank - 1];
        var innerStride = strides[rank - 1];
        Span<int> index = stackalloc int[rank];
        var pos = offset;
        var outer = dst.Length / Math.Max(inner, 1);
        var d = 0;
        for (var o = 0; o < outer; o++)
        {
            var row = dst.Slice(d, inner);
            if (innerStride == 1)
            {
                src.AsSpan(pos, inner).CopyTo(row);
            }
            else if (innerStride == 0)
            {
                row.Fill(src[pos]);
            }
            else
            {
                var p = pos;
                for (var j = 0; j < inner; j++, p += innerStride)
                {
                    row[j] = src[p];
                }
            }

            d += inner;
            for (var ax = rank - 2; ax >= 0; ax--)
            {
                index[ax]++;
                pos += strides[ax];
                if (index[ax] < shape[ax])
                {
                    break;
                }

                pos -= strides[ax] * shape[ax];
                index[ax] = 0;
            }
        }
    }
}
