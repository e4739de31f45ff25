using NeuralHjb.Autodiff;

namespace NeuralHjb.Tensors.Tests.Ops;

/// <summary>The example of docs/engine.md, kept here so that it cannot rot. Keep the two in sync.</summary>
public class EngineExampleTests
{
    [Fact]
    public void Docs_example_fits_a_function_by_plain_gradient_descent()
    {
        // --- docs/engine.md example begins ---
        // Fit y = sin(2x) on [-1, 1] with a 1-16-1 tanh network and plain gradient descent.
        var x = Tensor.Linspace(-1, 1, 64, DType.Float64).Reshape([64, 1]);
        var y = (x * 2.0).Sin();
        var w1 = Tensor.Arange(1, 17, dtype: DType.Float64).Mul(12.9898).Sin().Mul(2.0).Reshape([1, 16]).RequireGrad();
        var b1 = Tensor.Arange(1, 17, dtype: DType.Float64).Mul(4.1414).Sin().RequireGrad();
        var w2 = Tensor.Arange(1, 17, dtype: DType.Float64).Mul(78.233).Sin().Mul(0.25).Reshape([16, 1]).RequireGrad();
        var b2 = Tensor.Zeros([1], DType.Float64).RequireGrad();
        Tensor[] parameters = [w1, b1, w2, b2];
        double loss = double.NaN;
        for (var step = 0; step < 1500; step++)
        {
            var prediction = x.MatMul(w1).Add(b1).Tanh().MatMul(w2).Add(b2);
            var mse = (prediction - y).Square().Mean();
            var grads = Autograd.Grad([mse], parameters);
            using (Autograd.NoGrad())
            {
                for (var i = 0; i < parameters.Length; i++)
                {
                    parameters[i].CopyFrom(parameters[i] - (grads[i] * 0.2));
                }
            }

            loss = mse.Item();
        }

        // --- docs/engine.md example ends ---
        loss.Should().BeLessThan(2e-3);
    }

    [Fact]
    public void Docs_example_is_the_same_code_as_this_test()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NeuralHjb.sln")))
        {
            dir = dir.Parent;
        }

        dir.Should().NotBeNull("the tests run inside the repository");
        var doc = File.ReadAllText(Path.Combine(dir!.FullName, "docs", "engine.md")).ReplaceLineEndings("\n");
        var test = File.ReadAllText(Path.Combine(dir.FullName, "tests", "NeuralHjb.Tensors.Tests", "Ops", "EngineExampleTests.cs")).ReplaceLineEndings("\n");
        const string Begin = "// --- docs/engine.md example begins ---\n";
        var start = test.IndexOf(Begin, StringComparison.Ordinal) + Begin.Length;
        var end = test.IndexOf("        // --- docs/engine.md example ends ---", StringComparison.Ordinal);
        var lines = test[start..end].TrimEnd().Split('\n').Select(l => l.Length >= 8 ? l[8..] : l.TrimStart());
        doc.Should().Contain(string.Join("\n", lines));
    }
}
