using NeuralHjb.Autodiff;
using NeuralHjb.Nn;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Random;
using NeuralHjb.Solvers.Pinn;
using NeuralHjb.Tensors;

namespace NeuralHjb.Tests.Solvers.Pinn;

/// <summary>
/// The PINN residual's fast path (V_t, ∇V and the Hessian diagonal by forward propagation through the core MLP)
/// against the double-backward path it replaces, and the cases where it must fall back.
/// </summary>
public sealed class PinnForwardDerivativesTests
{
    private const double T = 5;

    [Theory]
    [InlineData(Activation.Tanh, 1.0, null, false)]
    [InlineData(Activation.Softplus, 2.5, null, false)]
    [InlineData(Activation.Tanh, 0.5, new[] { 1 }, false)]
    [InlineData(Activation.Silu, 1.0, new[] { 0 }, false)]
    [InlineData(Activation.Tanh, 1.0, null, true)]
    [InlineData(Activation.Sigmoid, 3.0, new[] { 0 }, true)]
    public void Derivatives_and_parameter_gradients_equal_the_double_backward_ones(Activation activation, double scale, int[]? active, bool terminal)
    {
        // Gatheral–Schied: only the price (coordinate 1) is noisy, so the residual needs the Hessian diagonal entry 1.
        var problem = new GatheralSchied();
        var hjb = new HjbResidual(problem);
        ValueAnsatz ansatz = terminal ? new TerminalValueAnsatz(Terminal, scale) : new ScaledAnsatz(scale);
        var net = new PinnValueNetwork(2, [8, 8], activation, T, problem.Domain, ansatz, active, new Philox(4), DType.Float64);
        net.SupportsForwardDerivatives.Should().BeTrue();
        var (t, x) = Points();
        var parameters = net.Parameters().ToArray();

        var fast = hjb.DerivativesOf(net, t, x, createGraph: true);
        var fastGrads = Autograd.Grad([hjb.Residual(fast).Square().Mean()], parameters, allowUnused: true);
        var reference = hjb.Derivatives(net.Value, t, x, createGraph: true);
        var referenceGrads = Autograd.Grad([hjb.Residual(reference).Square().Mean()], parameters, allowUnused: true);

        Near(fast.Value, reference.Value, "V");
        Near(fast.TimeDerivative!, reference.TimeDerivative!, "V_t");
        Near(fast.Gradient, reference.Gradient, "grad V");
        Near(fast.Hessian!, reference.Hessian!, "Hessian diagonal");
        for (var i = 0; i < parameters.Length; i++)
        {
            Near(fastGrads[i], referenceGrads[i], $"parameter {i}");
        }
    }

    [Fact]
    public void Without_createGraph_the_results_are_detached()
    {
        var problem = new GatheralSchied();
        var net = new PinnValueNetwork(2, [8], Activation.Tanh, T, problem.Domain, new ScaledAnsatz(), null, new Philox(5), DType.Float64);
        var (t, x) = Points();
        var d = new HjbResidual(problem).DerivativesOf(net, t, x, createGraph: false);
        foreach (var r in new[] { d.Value, d.TimeDerivative!, d.Gradient, d.Hessian! })
        {
            r.RequiresGrad.Should().BeFalse();
        }
    }

    [Fact]
    public void Ansatzes_symmetries_and_full_hessians_take_the_double_backward_path()
    {
        var problem = new GatheralSchied();
        var (t, x) = Points();
        var liquidation = new PinnValueNetwork(2, [8], Activation.Tanh, T, problem.Domain, new LiquidationAnsatz([0], [1.0]), null, new Philox(6), DType.Float64);
        liquidation.SupportsForwardDerivatives.Should().BeFalse();
        Same(new HjbResidual(problem), liquidation, t, x);
        var symmetric = new PinnValueNetwork(2, [8], Activation.Tanh, T, problem.Domain, new ScaledAnsatz(), null, new Philox(6), DType.Float64, problem.Symmetry);
        symmetric.SupportsForwardDerivatives.Should().BeFalse();
        Same(new HjbResidual(problem), symmetric, t, x);

        // The full Hessian (off-diagonal entries) is not what forward propagation carries.
        var plain = new PinnValueNetwork(2, [8], Activation.Tanh, T, problem.Domain, new ScaledAnsatz(), null, new Philox(7), DType.Float64);
        var full = new HjbResidual(problem, SecondOrderEntries.Full);
        full.DerivativesOf(plain, t, x, createGraph: false).Hessian!.ShapeArray().Should().Equal([t.Size(0), 2, 2]);
        Same(full, plain, t, x);
        FluentActions.Invoking(() => liquidation.ForwardDerivatives(t, x, includeTime: true, [1])).Should().Throw<InvalidOperationException>();
    }

    /// <summary>A terminal value with curvature in both coordinates: g = 1.5X² + 0.1XS + 0.01S².</summary>
    private static Tensor Terminal(Tensor x)
    {
        var inventory = x.Slice(1, 0, 1);
        var price = x.Slice(1, 1, 1);
        return (1.5 * inventory.Square()) + (0.1 * inventory * price) + (0.01 * price.Square());
    }

    private static void Same(HjbResidual hjb, PinnValueNetwork net, Tensor t, Tensor x)
    {
        var a = hjb.DerivativesOf(net, t, x, createGraph: false);
        var b = hjb.Derivatives(net.Value, t, x, createGraph: false);
        a.Gradient.ToDoubleArray().Should().Equal(b.Gradient.ToDoubleArray());
        a.Hessian!.ToDoubleArray().Should().Equal(b.Hessian!.ToDoubleArray());
        a.TimeDerivative!.ToDoubleArray().Should().Equal(b.TimeDerivative!.ToDoubleArray());
    }

    private static (Tensor T, Tensor X) Points()
    {
        var g = new Philox(3);
        var t = Tensor.Uniform([24, 1], g, 0, T, DType.Float64);
        var inv = Tensor.Uniform([24, 1], g, -10, 10, DType.Float64);
        var s = Tensor.Uniform([24, 1], g, 10, 100, DType.Float64);
        return (t, Tensor.Concat([inv, s], 1));
    }

    private static void Near(Tensor actual, Tensor expected, string what)
    {
        actual.ShapeArray().Should().Equal(expected.ShapeArray(), what);
        var a = actual.ToDoubleArray();
        var e = expected.ToDoubleArray();
        var scale = Math.Max(1, e.Max(Math.Abs));
        for (var i = 0; i < a.Length; i++)
        {
            Math.Abs(a[i] - e[i]).Should().BeLessThanOrEqualTo(1e-12 * scale, $"{what}[{i}]: {a[i]:R} vs {e[i]:R}");
        }
    }
}
