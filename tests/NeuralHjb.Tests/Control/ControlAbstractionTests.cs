using NeuralHjb.Control;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Problems.Portfolio;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Tests.Control;

public class PreferenceBatchTests
{
    [Fact]
    public void Stores_columns_and_resolves_scalars_or_per_sample_values()
    {
        var batch = PreferenceBatch.Of("lambda", Tensor.FromArray([0.1, 0.2, 0.3]));
        batch.BatchSize.Should().Be(3);
        batch["lambda"].ShapeArray().Should().Equal(3, 1);
        batch.Contains("lambda").Should().BeTrue();
        PreferenceBatch.Resolve(batch, "lambda", 9, DType.Float64).ToDoubleArray().Should().Equal(0.1, 0.2, 0.3);
        PreferenceBatch.Resolve(batch, "lambda", 9, DType.Float32).DType.Should().Be(DType.Float32);
        var scalar = PreferenceBatch.Resolve(batch, "kappa", 9, DType.Float64);
        scalar.Rank.Should().Be(0);
        scalar.Item().Should().Be(9);
        PreferenceBatch.Resolve(null, "lambda", 4, DType.Float32).Item().Should().Be(4);
        FluentActions.Invoking(() => batch["kappa"]).Should().Throw<KeyNotFoundException>().WithMessage("*kappa*");
    }

    [Fact]
    public void Rejects_inconsistent_batches_and_undeclared_names()
    {
        FluentActions.Invoking(() => PreferenceBatch.Of("a", Tensor.Zeros([3], DType.Float64)).With("b", Tensor.Zeros([4], DType.Float64)))
            .Should().Throw<ArgumentException>().WithMessage("*batch size 4, expected 3*");
        FluentActions.Invoking(() => PreferenceBatch.Of("a", Tensor.Zeros([3, 2])))
            .Should().Throw<ArgumentException>().WithMessage("*[batch] or [batch, 1]*");
        var gs = new GatheralSchied();
        FluentActions.Invoking(() => PreferenceBatch.Of("lamda", Tensor.Zeros([2])).EnsureDeclared(gs.Preferences))
            .Should().Throw<ArgumentException>().WithMessage("*'lamda' is not declared*");
    }

    [Fact]
    public void Samples_within_the_declared_intervals_and_builds_features()
    {
        var specs = new[] { new PreferenceSpec("A", 0, 0.01), new PreferenceSpec("phi", 0.001, 0.007) };
        var batch = PreferenceBatch.Sample(specs, 500, new Philox(4), DType.Float64);
        batch["A"].ToDoubleArray().Should().OnlyContain(v => v >= 0 && v <= 0.01);
        batch["phi"].ToDoubleArray().Should().OnlyContain(v => v >= 0.001 && v <= 0.007);
        var features = batch.ToFeatures(specs);
        features.ShapeArray().Should().Equal(500, 2);
        features.ToDoubleArray().Should().OnlyContain(v => v >= -1 - 1e-12 && v <= 1 + 1e-12);
        batch.ToFeatures(specs, normalize: false).Select(1, 0).ToDoubleArray().Should().Equal(batch["A"].Reshape([-1]).ToDoubleArray());
        FluentActions.Invoking(() => new PreferenceSpec("x", 1, 1)).Should().Throw<ArgumentOutOfRangeException>();
    }
}

public class StateDomainTests
{
    [Fact]
    public void Samples_inside_the_box()
    {
        var domain = new StateDomain([new DomainAxis("a", "m", -1, 1), new DomainAxis("b", "s", 5, 6)]);
        var x = domain.Sample(1000, new Philox(1), DType.Float64).ToDoubleArray();
        for (var i = 0; i < 1000; i++)
        {
            domain.Contains(x.AsSpan(2 * i, 2)).Should().BeTrue();
        }

        domain.Contains([2.0, 5.5]).Should().BeFalse();
        FluentActions.Invoking(() => new DomainAxis("c", "", 1, double.NaN)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*c must be a finite interval*");
    }
}

public class ControlProblemTests
{
    /// <summary>A toy problem built from the generic parts: dX = u dt + s dW (diagonal), f = u², g = x².</summary>
    private sealed class Toy : DynamicsBase, ICost
    {
        public Toy()
            : base(2, 2, 2, new StateDomain([new DomainAxis("x1", "", -1, 1), new DomainAxis("x2", "", -1, 1)]), [0.5, -0.5])
        {
        }

        public override DiffusionForm DiffusionForm => DiffusionForm.Diagonal;

        public override Tensor Drift(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null) => u;

        public override Tensor Diffusion(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null)
            => Tensor.FromArray([0.3, 0.6]).Expand(x.Shape).To(x.DType);

        public Tensor RunningCost(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null) => u.Square().Sum(1, keepDim: true);

        public Tensor TerminalCost(Tensor x, PreferenceBatch? preferences = null) => x.Square().Sum(1, keepDim: true);
    }

    private sealed class ConstantPolicy : IPolicy
    {
        public Tensor Control(Tensor t, Tensor x, PreferenceBatch? preferences = null) => Tensor.Full([x.Size(0), 2], -0.1, x.DType);
    }

    [Fact]
    public void Second_order_term_for_full_and_diagonal_diffusions()
    {
        var toy = new ControlProblem("toy", new Toy(), new Toy(), 1);
        var t = Tensor.Scalar(0, DType.Float64);
        var x = Tensor.FromArray([0.1, 0.2], [1, 2]);
        var u = Tensor.FromArray([1.0, 2], [1, 2]);
        var h = Tensor.FromArray([2.0, 7, 7, 3], [1, 2, 2]);
        toy.SecondOrderTerm(t, x, u, h).Item().Should().BeApproximately(0.5 * ((0.09 * 2) + (0.36 * 3)), 1e-14);
        toy.SecondOrderTerm(t, x, u, Tensor.FromArray([2.0, 3], [1, 2])).Item().Should().BeApproximately(0.5 * ((0.09 * 2) + (0.36 * 3)), 1e-14);
        toy.Hamiltonian(t, x, u, Tensor.FromArray([1.0, -1], [1, 2]), h).Item().Should().BeApproximately(1 - 2 + 5 + (0.5 * ((0.09 * 2) + (0.36 * 3))), 1e-14);

        // Gatheral–Schied: ½ σ² S² V_SS from a full [batch, 2, 1] diffusion, cross terms ignored.
        var gs = new GatheralSchied();
        var xs = Tensor.FromArray([3.0, 40], [1, 2]);
        var hs = Tensor.FromArray([5.0, 11, 11, 0.25], [1, 2, 2]);
        gs.SecondOrderTerm(t, xs, Tensor.Ones([1, 1], DType.Float64), hs).Item().Should().BeApproximately(0.5 * 0.01 * 1600 * 0.25, 1e-12);
        gs.SecondOrderTerm(t, xs, Tensor.Ones([1, 1], DType.Float64), Tensor.FromArray([5.0, 0.25], [1, 2])).Item().Should().BeApproximately(0.5 * 0.01 * 1600 * 0.25, 1e-12);
    }

    [Fact]
    public void Path_cost_and_rollout_accumulate_running_and_terminal_costs()
    {
        var toy = new ControlProblem("toy", new Toy(), new Toy(), 1);
        var x0 = Tensor.FromArray([0.5, -0.5], [1, 2]);
        var controls = new[] { Tensor.FromArray([1.0, 0], [1, 2]), Tensor.FromArray([0.0, 2], [1, 2]) };
        var dW = new[] { Tensor.FromArray([0.1, 0.0], [1, 2]), Tensor.FromArray([0.0, -0.2], [1, 2]) };

        // dt = 0.5: x1 = (0.5 + 0.5 + 0.03, −0.5); x2 = (1.03, −0.5 + 1 − 0.12).
        var expected = (0.5 * 1) + (0.5 * 4) + (1.03 * 1.03) + (0.38 * 0.38);
        toy.PathCost(x0, controls, dW).Item().Should().BeApproximately(expected, 1e-12);

        var rollout = toy.Rollout(new ConstantPolicy(), toy.Dynamics.SampleInitialState(8, new Philox(1), DType.Float64), 10, new Philox(2));
        rollout.States.Should().HaveCount(11);
        rollout.Controls.Should().HaveCount(10);
        rollout.Cost.ShapeArray().Should().Equal(8, 1);
    }

    [Fact]
    public void Optimal_control_needs_a_minimiser_and_its_hessian()
    {
        var t = Tensor.Scalar(0, DType.Float64);
        var exponential = new AlmgrenChriss(new AlmgrenChrissParameters { ImpactModel = TemporaryImpactModel.Exponential });
        FluentActions.Invoking(() => exponential.OptimalControl(t, Tensor.Zeros([1, 3], DType.Float64), Tensor.Zeros([1, 3], DType.Float64)))
            .Should().Throw<InvalidOperationException>().WithMessage("*no closed-form Hamiltonian minimiser*");
        var merton = new Merton();
        merton.HamiltonianMinimizer!.NeedsHessian.Should().BeTrue();
        FluentActions.Invoking(() => merton.OptimalControl(t, Tensor.Ones([1, 1], DType.Float64), Tensor.Ones([1, 1], DType.Float64)))
            .Should().Throw<ArgumentNullException>().WithMessage("*Hessian*");
    }

    [Fact]
    public void Shapes_are_checked()
    {
        var gs = new GatheralSchied();
        var t = Tensor.Scalar(0);
        FluentActions.Invoking(() => gs.Dynamics.Drift(t, Tensor.Zeros([4, 3]), Tensor.Zeros([4, 1])))
            .Should().Throw<ArgumentException>().WithMessage("x must be [batch, 2]*");
        FluentActions.Invoking(() => gs.Dynamics.Step(t, Tensor.Zeros([4, 2]), Tensor.Zeros([4, 1]), 0.1, Tensor.Zeros([4, 2])))
            .Should().Throw<ArgumentException>().WithMessage("dW must be [batch, 1]*");
        FluentActions.Invoking(() => gs.Dynamics.Step(t, Tensor.Zeros([4, 2]), Tensor.Zeros([4, 1]), -0.1, Tensor.Zeros([4, 1])))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("dt must be positive*");
    }

    [Fact]
    public void Correlation_validation_names_the_rule()
    {
        var mv = new MeanVarianceParameters { Drifts = [0.05, 0.05], Volatilities = [0.2, 0.2], Correlation = new[,] { { 1, 0.2 }, { 0.2, 2 } } };
        FluentActions.Invoking(() => new MeanVariance(mv)).Should().Throw<ArgumentException>().WithMessage("correlation must have a unit diagonal*");
        FluentActions.Invoking(() => new MeanVariance(mv with { Correlation = new[,] { { 1, double.NaN }, { double.NaN, 1 } } }))
            .Should().Throw<ArgumentException>().WithMessage("correlation must be finite*");
        FluentActions.Invoking(() => new MeanVariance(mv with { Correlation = new double[3, 3] }))
            .Should().Throw<ArgumentException>().WithMessage("correlation must be 2×2*");
    }
}
