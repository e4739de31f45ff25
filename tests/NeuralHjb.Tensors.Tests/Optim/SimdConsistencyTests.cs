using System.Numerics;
using NeuralHjb.Optim;

namespace NeuralHjb.Tensors.Tests.Optim;

public class SimdConsistencyTests
{
    public static TheoryData<string, DType> Cases() => new()
    {
        { "adam", DType.Float64 },
        { "adam_amsgrad_l2", DType.Float32 },
        { "adamw", DType.Float64 },
        { "adamw_amsgrad", DType.Float32 },
        { "sgd_nesterov", DType.Float64 },
        { "sgd_momentum", DType.Float32 },
    };

    private static Optimizer Make(string kind, Tensor p) => kind switch
    {
        "adam" => new Adam([p], 0.01),
        "adam_amsgrad_l2" => new Adam([p], 0.01, beta2: 0.9, weightDecay: 0.1, amsgrad: true),
        "adamw" => new AdamW([p], 0.01),
        "adamw_amsgrad" => new AdamW([p], 0.02, 0.5, 0.8, amsgrad: true),
        "sgd_nesterov" => new Sgd([p], 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: true),
        "sgd_momentum" => new Sgd([p], 0.1, momentum: 0.9, dampening: 0.3),
        _ => throw new ArgumentException(kind),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Vector_body_and_scalar_tail_give_bitwise_identical_elements(string kind, DType dtype)
    {
        // 3·Vector<float>.Count + 3 elements: most go through the SIMD body, the rest through the scalar tail;
        // one-element parameters go through the scalar tail only.
        var n = (3 * Vector<float>.Count) + 3;
        double Init(int i) => Math.Sin(i * 0.37) * 2;
        double Grad(int step, int i) => Math.Cos((i * 1.1) + (step * 0.7)) * (1 + step);

        var big = Tensor.FromSpan(Enumerable.Range(0, n).Select(Init).ToArray(), [n], dtype).RequireGrad();
        var bigOpt = Make(kind, big);
        var small = Enumerable.Range(0, n).Select(i => Tensor.FromSpan(new[] { Init(i) }, [1], dtype).RequireGrad()).ToArray();
        var smallOpts = small.Select(s => Make(kind, s)).ToArray();
        for (var step = 0; step < 4; step++)
        {
            big.Grad = Tensor.FromSpan(Enumerable.Range(0, n).Select(i => Grad(step, i)).ToArray(), [n], dtype);
            bigOpt.Step();
            for (var i = 0; i < n; i++)
            {
                small[i].Grad = Tensor.FromSpan(new[] { Grad(step, i) }, [1], dtype);
                smallOpts[i].Step();
            }
        }

        var b = big.ToDoubleArray();
        for (var i = 0; i < n; i++)
        {
            b[i].Should().Be(small[i].Item(), $"element {i}");
        }
    }
}
