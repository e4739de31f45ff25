using NeuralHjb.Autodiff;

namespace NeuralHjb.Tensors.Tests.Ops;

/// <summary>Every op in float32 agrees with float64 to about 1e-5 relative, forward and backward.</summary>
public class Float32AgreementTests
{
    public static TheoryData<string> Names() => GradCheckTests.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void Float32_forward_and_gradient_agree_with_float64(string op)
    {
        var c = GradCheckTests.Cases[op];
        var x64 = c.Inputs.Select(t => t.Clone().RequireGrad()).ToArray();
        var x32 = c.Inputs.Select(t => t.To(DType.Float32).RequireGrad()).ToArray();
        var y64 = c.F(x64);
        var y32 = c.F(x32);
        y32.ShapeArray().Should().Equal(y64.ShapeArray());
        D.Close(y32.ToDoubleArray(), y64.ToDoubleArray(), 1e-5, op + " forward");

        var w = D.Pos(5, y64.ShapeArray());
        var g64 = Autograd.Grad([(y64 * w.To(y64.DType)).Sum()], x64, allowUnused: true);
        var g32 = Autograd.Grad([(y32 * w.To(y32.DType)).Sum()], x32, allowUnused: true);
        for (var i = 0; i < g64.Length; i++)
        {
            g32[i].DType.Should().Be(DType.Float32);
            D.Close(g32[i].ToDoubleArray(), g64[i].ToDoubleArray(), 1e-5, $"{op} gradient {i}");
        }
    }
}
