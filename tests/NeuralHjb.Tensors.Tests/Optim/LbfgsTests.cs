using NeuralHjb.Optim;

namespace NeuralHjb.Tensors.Tests.Optim;

public class LbfgsTests
{
    private static readonly Tensor A = Tensor.FromArray(new[] { 3.0, 0.5, 0.0, 0.5, 2.0, 0.3, 0.0, 0.3, 1.0 }, [3, 3]);
    private static readonly Tensor Bv = Tensor.FromArray(new[] { 1.0, -2.0, 0.5 }, [3, 1]);

    /// <summary>f(x, y) = (1 − x)² + 100 (y − x²)².</summary>
    internal static Tensor RosenbrockClosure(Optimizer opt, Tensor x)
    {
        opt.ZeroGrad();
        var x0 = x.Slice(0, 0, 1);
        var x1 = x.Slice(0, 1, 1);
        var loss = (x0.RSub(1.0).Square() + (x1 - x0.Square()).Square() * 100.0).Sum();
        loss.Backward();
        return loss;
    }

    /// <summary>f(x) = ½ xᵀA x − bᵀx with A symmetric positive definite; minimiser A⁻¹b.</summary>
    internal static Tensor QuadraticClosure(Optimizer opt, Tensor x)
    {
        opt.ZeroGrad();
        var col = x.Reshape([3, 1]);
        var loss = (col.T.MatMul(A.MatMul(col)) * 0.5 - Bv.T.MatMul(col)).Sum();
        loss.Backward();
        return loss;
    }

    [Fact]
    public void Minimises_rosenbrock_from_the_classic_start()
    {
        var x = Tensor.FromArray(new[] { -1.5, 2.0 }).RequireGrad();
        var opt = new Lbfgs([x], maxIterations: 100, toleranceGrad: 1e-12, toleranceChange: 1e-15, historySize: 10, lineSearch: LbfgsLineSearch.StrongWolfe);
        for (var call = 0; call < 5; call++)
        {
            opt.Step(() => RosenbrockClosure(opt, x));
        }

        var r = x.ToDoubleArray();
        r[0].Should().BeApproximately(1.0, 1e-6);
        r[1].Should().BeApproximately(1.0, 1e-6);
    }

    [Fact]
    public void Minimises_a_quadratic_in_at_most_n_plus_one_iterations()
    {
        // With a (nearly) exact line search L-BFGS on a quadratic generates the conjugate-gradient
        // iterates, so n = 3 iterations reach the minimiser (a tiny c2 forces the near-exact search; the
        // cubic interpolation is exact on a quadratic).
        var x = Tensor.FromArray(new[] { 0.0, 0.0, 0.0 }).RequireGrad();
        var opt = new Lbfgs([x], maxIterations: 4, maxEvaluations: 100, toleranceGrad: 1e-9, toleranceChange: 1e-14, lineSearch: LbfgsLineSearch.StrongWolfe, wolfeC1: 1e-7, wolfeC2: 1e-6);
        opt.Step(() => QuadraticClosure(opt, x));
        opt.Iterations.Should().BeLessThanOrEqualTo(4);

        // x* = A⁻¹ b, checked through the gradient A x − b.
        var ax = A.MatMul(x.Detach().Reshape([3, 1])) - Bv;
        foreach (var v in ax.ToDoubleArray())
        {
            Math.Abs(v).Should().BeLessThan(1e-8);
        }
    }

    [Fact]
    public void Minimises_a_quadratic_with_the_default_line_search()
    {
        var x = Tensor.FromArray(new[] { 0.0, 0.0, 0.0 }).RequireGrad();
        var opt = new Lbfgs([x], maxIterations: 50, toleranceGrad: 1e-10, toleranceChange: 1e-15, lineSearch: LbfgsLineSearch.StrongWolfe);
        opt.Step(() => QuadraticClosure(opt, x));
        var ax = A.MatMul(x.Detach().Reshape([3, 1])) - Bv;
        foreach (var v in ax.ToDoubleArray())
        {
            Math.Abs(v).Should().BeLessThan(1e-9);
        }
    }

    [Fact]
    public void Returns_at_once_when_the_gradient_is_already_below_tolerance()
    {
        var x = Tensor.FromArray(new[] { 1.0, 1.0 }).RequireGrad();
        var opt = new Lbfgs([x], lineSearch: LbfgsLineSearch.StrongWolfe);
        var loss = opt.Step(() => RosenbrockClosure(opt, x));
        loss.Should().Be(0);
        opt.Iterations.Should().Be(0);
        opt.FunctionEvaluations.Should().Be(1);
        x.ToDoubleArray().Should().Equal(1.0, 1.0);
    }

    [Fact]
    public void Step_without_closure_is_an_error()
    {
        var opt = new Lbfgs([Tensor.FromArray(new[] { 1.0 }).RequireGrad()]);
        opt.Invoking(o => o.Step()).Should().Throw<InvalidOperationException>().WithMessage("*closure*");
    }

    [Fact]
    public void Works_on_float32_parameters()
    {
        var x = Tensor.FromArray(new[] { -1.5f, 2f }).RequireGrad();
        var opt = new Lbfgs([x], maxIterations: 200, lineSearch: LbfgsLineSearch.StrongWolfe);
        for (var call = 0; call < 3; call++)
        {
            opt.Step(() => RosenbrockClosure(opt, x));
        }

        x.DType.Should().Be(DType.Float32);
        var r = x.ToDoubleArray();
        r[0].Should().BeApproximately(1.0, 1e-3);
        r[1].Should().BeApproximately(1.0, 1e-3);
    }
}
