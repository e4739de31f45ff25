using System.Numerics;
using System.Numerics.Tensors;
using NeuralHjb.Autodiff;

namespace NeuralHjb.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Group normalisation of x [N, C] or [N, C, L] over groups of C/G channels (and L), then the optional
    /// per-channel affine map, as one op (what <c>Nn.GroupNorm</c> runs). The forward pass performs the
    /// same floating-point operations in the same order as the composite ops it replaces (sum·(1/m),
    /// centred squares, /√(var + ε), ·γ, +β), so results are bitwise equal; backward uses the closed form
    /// dx = (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂))/σ per group, dγ = Σ dy·x̂, dβ = Σ dy, instead of a dozen
    /// broadcasting nodes. Under createGraph the rule is recorded from differentiable ops.
    /// </summary>
    internal static Tensor GroupNormFused(Tensor x, int groups, Tensor? weight, Tensor? bias, double eps)
    {
        var xd = x.Dense();
        var n = x._shape[0];
        var c = x._shape[1];
        var l = x.Rank == 3 ? x._shape[2] : 1;
        var y = Uninitialized(x._shape, x.DType);
        var xhat = Uninitialized(x._shape, x.DType);
        var std = Uninitialized([n, groups], x.DType);
        if (x.DType == DType.Float32)
        {
            GroupNormForward<float>(xd.Span<float>(), n, c, l, groups, weight is null ? default : weight.Dense().Span<float>(), bias is null ? default : bias.Dense().Span<float>(), weight is not null, bias is not null, eps, y.Span<float>(), xhat.Span<float>(), std.Span<float>());
        }
        else
        {
            GroupNormForward<double>(xd.Span<double>(), n, c, l, groups, weight is null ? default : weight.Dense().Span<double>(), bias is null ? default : bias.Dense().Span<double>(), weight is not null, bias is not null, eps, y.Span<double>(), xhat.Span<double>(), std.Span<double>());
        }

        Tensor[] inputs = weight is null ? [x] : bias is null ? [x, weight] : [x, weight, bias];
        if (GradMode.ShouldRecord(inputs))
        {
            var node = GradMode.Attach(y, "group_norm", inputs, GroupNormRule);
            node.Saved = new GroupNormSaved(xhat, std, groups, eps, weight is not null, bias is not null);
        }

        return y;
    }

    private sealed record GroupNormSaved(Tensor XHat, Tensor Std, int Groups, double Eps, bool HasWeight, bool HasBias);

    private static void GroupNormForward<T>(ReadOnlySpan<T> x, int n, int c, int l, int groups, ReadOnlySpan<T> w, ReadOnlySpan<T> b, bool hasW, bool hasB, double eps, Span<T> y, Span<T> xhat, Span<T> std)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var m = c / groups * l;
        var invM = T.CreateTruncating(1.0 / m);
        var epsT = T.CreateTruncating(eps);
        for (var s = 0; s < n * groups; s++)
        {
            var xs = x.Slice(s * m, m);
            var hs = xhat.Slice(s * m, m);
            var mean = TensorPrimitives.Sum(xs) * invM;
            TensorPrimitives.Subtract(xs, mean, hs);
            TensorPrimitives.Multiply(hs, hs, y.Slice(s * m, m)); // scratch: centred squares
            var variance = TensorPrimitives.Sum<T>(y.Slice(s * m, m)) * invM;
            var sd = T.Sqrt(variance + epsT);
            std[s] = sd;
            TensorPrimitives.Divide(hs, sd, hs);
        }

        for (int row = 0, p = 0; row < n * c; row++, p += l)
        {
            var ch = row % c;
            var src = xhat.Slice(p, l);
            var dst = y.Slice(p, l);
            if (hasW)
            {
                TensorPrimitives.Multiply(src, w[ch], dst);
                if (hasB)
                {
                    TensorPrimitives.Add(dst, b[ch], dst);
                }
            }
            else
            {
                src.CopyTo(dst);
            }
        }
    }

    private static readonly BackwardRule GroupNormRule = static (node, g) =>
    {
        var saved = (GroupNormSaved)node.Saved!;
        var x = node.Inputs[0];
        var w = saved.HasWeight ? node.Inputs[1] : null;
        if (GradMode.Enabled)
        {
            return GroupNormRuleRecorded(node, g, x, w, saved);
        }

        var grads = new Tensor?[node.Inputs.Length];
        var gd = g.Dense();
        var n = x._shape[0];
        var c = x._shape[1];
        var l = x.Rank == 3 ? x._shape[2] : 1;
        if (x.DType == DType.Float32)
        {
            GroupNormBackward<float>(node, gd, w, saved, n, c, l, grads);
        }
        else
        {
            GroupNormBackward<double>(node, gd, w, saved, n, c, l, grads);
        }

        return grads;
    };

    private static void GroupNormBackward<T>(Node node, Tensor g, Tensor? w, GroupNormSaved saved, int n, int c, int l, Tensor?[] grads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var gs = g.Span<T>();
        var xh = saved.XHat.Span<T>();
        if (saved.HasWeight && node.Needs[1])
        {
            var gw = Zeros([c], g.DType);
            var acc = gw.Span<T>();
            for (int row = 0, p = 0; row < n * c; row++, p += l)
            {
                acc[row % c] += TensorPrimitives.Dot(gs.Slice(p, l), xh.Slice(p, l));
            }

            grads[1] = gw;
        }

        if (saved.HasBias && node.Needs[2])
        {
            var gb = Zeros([c], g.DType);
            var acc = gb.Span<T>();
            for (int row = 0, p = 0; row < n * c; row++, p += l)
            {
                acc[row % c] += TensorPrimitives.Sum<T>(gs.Slice(p, l));
            }

            grads[2] = gb;
        }

        if (!node.Needs[0])
        {
            return;
        }

        // dx̂ = dy·γ (per channel), then per group dx = (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) / σ.
        var gx = Uninitialized(node.Inputs[0]._shape, g.DType);
        var dx = gx.Span<T>();
        if (w is not null)
        {
            var ws = w.Dense().Span<T>();
            for (int row = 0, p = 0; row < n * c; row++, p += l)
            {
                TensorPrimitives.Multiply(gs.Slice(p, l), ws[row % c], dx.Slice(p, l));
            }
        }
        else
        {
            gs.CopyTo(dx);
        }

        var groups = saved.Groups;
        var m = c / groups * l;
        var invM = T.One / T.CreateTruncating(m);
        var std = saved.Std.Span<T>();
        for (var s = 0; s < n * groups; s++)
        {
            var d = dx.Slice(s * m, m);
            var h = xh.Slice(s * m, m);
            var meanD = TensorPrimitives.Sum<T>(d) * invM;
            var meanDh = TensorPrimitives.Dot<T>(d, h) * invM;
            var inv = T.One / std[s];
            for (var i = 0; i < m; i++)
            {
                d[i] = (d[i] - meanD - (h[i] * meanDh)) * inv;
            }
        }

        grads[0] = gx;
    }

    /// <summary>The group-norm rule from differentiable ops, recomputing x̂ from x (for createGraph).</summary>
    private static Tensor?[] GroupNormRuleRecorded(Node node, Tensor g, Tensor x, Tensor? w, GroupNormSaved saved)
    {
        var n = x._shape[0];
        var grouped = x.Reshape([n, saved.Groups, -1]);
        var m = grouped._shape[2];
        var centered = grouped - (grouped.Sum(2, keepDim: true) / m);
        var std = ((centered.Square().Sum(2, keepDim: true) / m) + saved.Eps).Sqrt();
        var xhat = centered / std;
        int[] channelShape = x.Rank == 3 ? [x._shape[1], 1] : [x._shape[1]];
        var grads = new Tensor?[node.Inputs.Length];
        var xhatFull = xhat.Reshape(x._shape);
        if (saved.HasWeight && node.Needs[1])
        {
            grads[1] = x.Rank == 3 ? (g * xhatFull).Sum([0, 2]) : (g * xhatFull).Sum(0);
        }

        if (saved.HasBias && node.Needs[2])
        {
            grads[2] = x.Rank == 3 ? g.Sum([0, 2]) : g.Sum(0);
        }

        if (node.Needs[0])
        {
            var dxhat = (w is null ? g : g * w.Reshape(channelShape)).Reshape([n, saved.Groups, -1]);
            var meanD = dxhat.Sum(2, keepDim: true) / m;
            var meanDh = (dxhat * xhat).Sum(2, keepDim: true) / m;
            grads[0] = ((dxhat - meanD - (xhat * meanDh)) / std).Reshape(x._shape);
        }

        return grads;
    }
}
