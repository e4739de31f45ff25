using NeuralHjb.Analysis;
using NeuralHjb.Control;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Random;
using NeuralHjb.Reference;
using NeuralHjb.Solvers.DirectControl;
using NeuralHjb.Tensors;
using ProblemParameters = NeuralHjb.Problems.Execution.CarteaJaimungalParameters;

namespace NeuralHjb.Tests.Analysis;

public class PolicyProjectionTests
{
    /// <summary>The closed-form feedback ν*(t, q) = (α + h₂(t)) q/(2κ) as a policy.</summary>
    private sealed class ClosedFormPolicy(CarteaJaimungalClosedForm closed) : IPolicy
    {
        public Tensor Control(Tensor t, Tensor x, PreferenceBatch? preferences = null)
            => x.Slice(1, 1, 1) * closed.RatePerShare(t.Item());
    }

    [Theory]
    [InlineData(10.0, 0.7)]
    [InlineData(0.01, 0.007)]
    public void Projection_of_the_closed_form_policy_recovers_h2_exactly_with_R2_one(double a, double phi)
    {
        var problem = new CarteaJaimungal(new ProblemParameters { Kappa = 0.24, Alpha = 0.16, Sigma = 0.2, A = a, Phi = phi });
        var closed = CarteaJaimungalDirectControl.ClosedForm(problem.Parameters, a, phi);
        var (manifold, _) = CarteaJaimungalDirectControl.Explain(new ClosedFormPolicy(closed), problem, 77, a, phi, paths: 21);

        manifold.RSquared.Should().OnlyContain(r => r > 1 - 1e-12);
        for (var k = 0; k < 77; k++)
        {
            manifold.H2[k].Should().BeApproximately(closed.H2(k / 77.0), 1e-9 * (1 + Math.Abs(closed.H2(k / 77.0))));
            manifold.H1[k].Should().BeApproximately(0, 1e-9);
        }
    }

    [Fact]
    public void Polynomial_basis_recovers_a_quadratic_policy_and_the_affine_basis_does_not_explain_it()
    {
        var times = new[] { 0.0, 0.5 };
        var states = new double[2][,];
        var controls = new double[2][];
        for (var k = 0; k < 2; k++)
        {
            states[k] = new double[9, 2];
            controls[k] = new double[9];
            for (var i = 0; i < 9; i++)
            {
                var q = -2 + (0.5 * i);
                states[k][i, 0] = 100;
                states[k][i, 1] = q;
                controls[k][i] = 1 - (2 * q) + ((3 + k) * q * q);
            }
        }

        var quadratic = PolicyProjection.Project(times, states, controls, ProjectionBasis.Polynomial(1, 2, "q"));
        quadratic.Coefficients[1].Should().Equal([1, -2, 4], (x, y) => Math.Abs(x - y) < 1e-10);
        quadratic.MinRSquared.Should().BeGreaterThan(1 - 1e-12);

        var affine = PolicyProjection.Project(times, states, controls, ProjectionBasis.Affine(1, "q"));
        affine.MinRSquared.Should().BeLessThan(0.5);
        affine.ResidualRms.Should().OnlyContain(r => r > 1);
    }

    [Fact]
    public void Custom_basis_is_evaluated_at_the_given_time_and_state()
    {
        var basis = ProjectionBasis.Custom(["t*q"], (t, s, f) => f[0] = t * s[0]);
        var result = PolicyProjection.Project([2.0], [new double[,] { { 1 }, { 3 } }], [[10.0, 30.0]], basis);
        result.Coefficients[0][0].Should().BeApproximately(5, 1e-12);
        result.BasisNames.Should().Equal("t*q");
    }

    [Fact]
    public void Identical_states_make_the_regression_unidentifiable_and_say_so()
    {
        var act = () => PolicyProjection.Project([0.0], [new double[,] { { 1, 2 }, { 1, 2 }, { 1, 2 } }], [[1.0, 1.0, 1.0]], ProjectionBasis.Affine(1));
        act.Should().Throw<ArgumentException>().WithMessage("*rank-deficient*spread*");
    }

    [Fact]
    public void Projection_of_a_recorded_rollout_uses_the_grid_times_and_the_states_the_controls_saw()
    {
        var problem = new CarteaJaimungal(new ProblemParameters { A = 10, Phi = 0.7 });
        var closed = CarteaJaimungalDirectControl.ClosedForm(problem.Parameters, 10, 0.7);
        var x0 = InitialStateSampler.Box([10, 0, 0], [10, 2, 0]).Sample(problem.Dynamics, 16, new Philox(3), DType.Float64);
        var increments = GaussianIncrements.Instance.Sample(problem.Dynamics, 16, 10, 0.1, new Philox(4), DType.Float64);
        var path = DirectControlRollout.Simulate(problem, new ClosedFormPolicy(closed), x0, increments, recordPath: true);

        var projection = PolicyProjection.Project(path, ProjectionBasis.Affine(1, "q"), problem.Horizon);
        projection.Times.Should().Equal(Enumerable.Range(0, 10).Select(k => k * 0.1), (x, y) => Math.Abs(x - y) < 1e-12);
        projection.Coefficient(1)[3].Should().BeApproximately(closed.RatePerShare(0.3), 1e-9);
    }
}
