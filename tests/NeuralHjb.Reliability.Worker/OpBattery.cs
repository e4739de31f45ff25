using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Reliability.Worker;

/// <summary>
/// Every element-wise and reduction op of the engine on fixed data, float32 and float64. The worker
/// evaluates it on a cold process (framework code still precompiled or unoptimised) and again after a
/// warm-up (JIT-optimised), and reports the ops whose bits changed: results must not depend on when in a
/// process's life an op runs.
/// </summary>
public static class OpBattery
{
    /// <summary>Names and results of the ops, in a fixed order.</summary>
    public static List<(string Name, double[] Bits)> Evaluate()
    {
        var results = new List<(string, double[])>();
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var rng = new Philox(5, 17);
            var wide = Tensor.Uniform([4099], rng, -60, 60, dtype);
            var small = Tensor.Uniform([4099], rng, -3, 3, dtype);
            var positive = Tensor.Uniform([4099], rng, 1e-3, 50, dtype);
            var m = Tensor.Normal([67, 61], rng, dtype: dtype);
            var w = Tensor.Normal([61, 33], rng, dtype: dtype);
            var tag = dtype == DType.Float32 ? "f32" : "f64";
            foreach (var (name, x) in new[] { ("small", small), ("wide", wide) })
            {
                Add($"exp/{name}/{tag}", (x / 2).Exp());
                Add($"tanh/{name}/{tag}", x.Tanh());
                Add($"sigmoid/{name}/{tag}", x.Sigmoid());
                Add($"sin/{name}/{tag}", x.Sin());
                Add($"cos/{name}/{tag}", x.Cos());
                Add($"softplus/{name}/{tag}", x.Softplus());
                Add($"silu/{name}/{tag}", x.Silu());
                Add($"relu/{name}/{tag}", x.Relu());
                Add($"abs/{name}/{tag}", x.Abs());
                Add($"square/{name}/{tag}", x.Square());
                Add($"sum/{name}/{tag}", x.Sum());
                Add($"mean/{name}/{tag}", x.Mean());
                Add($"max/{name}/{tag}", x.Max());
                Add($"logsumexp/{name}/{tag}", x.Reshape([-1, 1]).LogSumExp(0));
            }

            Add($"log/{tag}", positive.Log());
            Add($"sqrt/{tag}", positive.Sqrt());
            Add($"pow/{tag}", positive.Pow(2.5));
            Add($"powt/{tag}", positive.Pow(small));
            Add($"reciprocal/{tag}", positive.Reciprocal());
            Add($"div/{tag}", small / positive);
            Add($"matmul/{tag}", m.MatMul(w));
            Add($"softmax/{tag}", m.Softmax(1));
            Add($"logsoftmax/{tag}", m.LogSoftmax(0));
            Add($"sumaxis/{tag}", m.Sum(0));
            Add($"variance/{tag}", (m - m.Mean(1, keepDim: true)).Square().Mean(1));
        }

        return results;

        void Add(string name, Tensor t) => results.Add((name, t.ToDoubleArray()));
    }
}
