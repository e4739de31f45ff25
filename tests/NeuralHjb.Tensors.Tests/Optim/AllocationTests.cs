using NeuralHjb.Optim;
using Xunit.Abstractions;

namespace NeuralHjb.Tensors.Tests.Optim;

public class AllocationTests(ITestOutputHelper output)
{
    private static Tensor[] Params(DType dtype)
    {
        var w = Tensor.Full([64, 64], 0.5, dtype).RequireGrad();
        var b = Tensor.Full([64], 0.1, dtype).RequireGrad();
        var s = Tensor.Full([3], 0.1, dtype).RequireGrad(); // shorter than a SIMD vector: scalar tail only
        foreach (var p in new[] { w, b, s })
        {
            p.Grad = Tensor.Full(p.ShapeArray(), 0.01, dtype);
        }

        return [w, b, s];
    }

    private long Measure(Optimizer opt, string name)
    {
        opt.Step();
        opt.Step();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var k = 0; k < 100; k++)
        {
            opt.Step();
        }

        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{name}: {bytes} bytes over 100 steps");
        return bytes;
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Adam_steps_do_not_allocate(DType dtype)
    {
        Measure(new Adam(Params(dtype), amsgrad: true), $"Adam {dtype}").Should().BeLessThan(1024, "well under the 1 KB per step budget: the update allocates nothing");
        Measure(new Adam(Params(dtype)), $"Adam {dtype}").Should().BeLessThan(1024);
    }

    [Fact]
    public void AdamW_and_Sgd_steps_do_not_allocate()
    {
        Measure(new AdamW(Params(DType.Float32)), "AdamW").Should().BeLessThan(1024);
        Measure(new Sgd(Params(DType.Float32), 0.1, momentum: 0.9, nesterov: true), "SGD").Should().BeLessThan(1024);
    }

    [Fact]
    public void Broadcast_gradients_allocate_their_scratch_once()
    {
        var p = Tensor.Full([16, 16], 0.5, DType.Float32).RequireGrad();
        p.Grad = Tensor.Full([1, 16], 0.01, DType.Float32).Expand([16, 16]);
        p.Grad.IsContiguous.Should().BeFalse();
        Measure(new Adam([p]), "Adam, broadcast gradient").Should().BeLessThan(1024);
    }
}
