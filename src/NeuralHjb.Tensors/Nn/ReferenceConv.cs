using NeuralHjb.Tensors;

namespace NeuralHjb.Nn;

/// <summary>
/// Reference implementations of the convolution ops composed from the engine's differentiable primitives
/// (slices, stacks, matmul, scatter): slow but obviously right, so tests can cross-check the engine's
/// fused <see cref="Tensor.Conv1d"/> and <see cref="Tensor.ConvTranspose1d"/> kernels (groups 1 only).
/// </summary>
internal static class ReferenceConv
{
    /// <summary>Output length of a 1-D convolution.</summary>
    public static int ConvOutputLength(int length, int kernel, int stride, int padding, int dilation)
        => ((length + (2 * padding) - (dilation * (kernel - 1)) - 1) / stride) + 1;

    /// <summary>Output length of a 1-D transposed convolution.</summary>
    public static int ConvTransposeOutputLength(int length, int kernel, int stride, int padding, int outputPadding, int dilation)
        => ((length - 1) * stride) - (2 * padding) + (dilation * (kernel - 1)) + outputPadding + 1;

    /// <summary>
    /// Cross-correlation y[n, o, t] = b[o] + Σ_{c,j} w[o, c, j]·x_pad[n, c, t·s + j·d] (PyTorch's Conv1d, groups 1,
    /// zero padding): x [N, Cin, L], w [Cout, Cin, K], b [Cout] or null → y [N, Cout, Lout].
    /// </summary>
    public static Tensor Conv1d(Tensor x, Tensor w, Tensor? b, int stride, int padding, int dilation)
    {
        var n = x.Shape[0];
        var cin = x.Shape[1];
        var cout = w.Shape[0];
        var k = w.Shape[2];
        var xp = x;
        if (padding > 0)
        {
            var pad = Tensor.Zeros([n, cin, padding], x.DType);
            xp = Tensor.Concat([pad, x, pad], 2);
        }

        var lout = ConvOutputLength(x.Shape[2], k, stride, padding, dilation);
        var xt = xp.Permute([0, 2, 1]); // [N, Lp, Cin]
        Tensor cols;
        if (k == 1)
        {
            cols = xt.Slice(1, 0, lout, stride).Reshape([n * lout, cin]);
        }
        else
        {
            var taps = new Tensor[k];
            for (var j = 0; j < k; j++)
            {
                taps[j] = xt.Slice(1, j * dilation, lout, stride);
            }

            cols = Tensor.Stack(taps, 3).Reshape([n * lout, cin * k]); // [N·Lout, Cin·K], index c·K + j
        }

        var y = cols.MatMul(w.Reshape([cout, cin * k]).T).Reshape([n, lout, cout]);
        if (b is not null)
        {
            y += b;
        }

        return y.Permute([0, 2, 1]);
    }

    /// <summary>
    /// Transposed convolution (the adjoint of <see cref="Conv1d"/> in x), PyTorch's ConvTranspose1d with groups 1:
    /// y[n, o, t] = b[o] + Σ_{c,i,j : i·s + j·d − p = t} x[n, c, i]·w[c, o, j];
    /// x [N, Cin, L], w [Cin, Cout, K] → y [N, Cout, (L−1)s − 2p + d(K−1) + outputPadding + 1].
    /// </summary>
    public static Tensor ConvTranspose1d(Tensor x, Tensor w, Tensor? b, int stride, int padding, int outputPadding, int dilation)
    {
        var n = x.Shape[0];
        var cin = x.Shape[1];
        var l = x.Shape[2];
        var cout = w.Shape[1];
        var k = w.Shape[2];
        var lout = ConvTransposeOutputLength(l, k, stride, padding, outputPadding, dilation);
        var full = ((l - 1) * stride) + (dilation * (k - 1)) + 1 + outputPadding;
        var cols = x.Permute([0, 2, 1]).Reshape([n * l, cin]).MatMul(w.Reshape([cin, cout * k])).Reshape([n, l, cout, k]);
        int[] fullShape = [n, full, cout];
        Tensor? acc = null;
        for (var j = 0; j < k; j++)
        {
            var placed = cols.Select(3, j).ScatterSlice(fullShape, 1, j * dilation, stride);
            acc = acc is null ? placed : acc + placed;
        }

        var y = acc!.Slice(1, padding, lout);
        if (b is not null)
        {
            y += b;
        }

        return y.Permute([0, 2, 1]);
    }
}
