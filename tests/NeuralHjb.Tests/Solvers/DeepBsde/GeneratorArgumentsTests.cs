using NeuralHjb.Control;
using NeuralHjb.Problems.Pde;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Tests.Solvers.DeepBsde;

public class GeneratorArgumentsTests
{
    public static TheoryData<string> Problems => ["hjb-lq", "allen-cahn", "default-risk"];

    [Theory]
    [MemberData(nameof(Problems))]
    public void Declared_generator_arguments_are_truthful(string name)
    {
        // Solvers rely on the declaration to skip y or z: changing an undeclared argument must not change f.
        ISemilinearPde pde = name switch
        {
            "hjb-lq" => new HjbLq(new HjbLqParameters { Dimension = 3 }),
            "allen-cahn" => new AllenCahn(new AllenCahnParameters { Dimension = 3 }),
            _ => new DefaultRisk(new DefaultRiskParameters { Dimension = 3 }),
        };
        var g = new Philox(3);
        var t = Tensor.Scalar(0.1, DType.Float64);
        var x = Tensor.Normal([5, 3], g, 50, 10, DType.Float64);
        var y = Tensor.Normal([5, 1], g, 55, 10, DType.Float64);
        var z = Tensor.Normal([5, 3], g, 0, 1, DType.Float64);
        var f = pde.Generator(t, x, y, z).ToDoubleArray();
        var otherY = pde.Generator(t, x, y * 0.5, z).ToDoubleArray();
        var otherZ = pde.Generator(t, x, y, z * 2.0).ToDoubleArray();
        var args = pde.GeneratorArguments;
        ((args & GeneratorArguments.Value) != 0 || f.SequenceEqual(otherY)).Should().BeTrue("f does not read y");
        ((args & GeneratorArguments.Gradient) != 0 || f.SequenceEqual(otherZ)).Should().BeTrue("f does not read z");
        ((args & GeneratorArguments.Value) == 0 || !f.SequenceEqual(otherY)).Should().BeTrue("f reads y as declared");
        ((args & GeneratorArguments.Gradient) == 0 || !f.SequenceEqual(otherZ)).Should().BeTrue("f reads z as declared");
    }
}
