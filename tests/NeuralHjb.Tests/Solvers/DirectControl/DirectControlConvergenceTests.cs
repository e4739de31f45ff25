using NeuralHjb.Problems.Execution;
using NeuralHjb.Solvers.DirectControl;

namespace NeuralHjb.Tests.Solvers.DirectControl;

/// <summary>
/// Quick, seeded runs that must converge to the Cartea–Jaimungal closed form (REFERENCES §3). The bounds are
/// far below what an untrained or a TWAP-like control gives (relative L2 of order 1) and above the
/// time-discretisation gap of the 77-step problem (under 1% against the continuous closed form).
/// </summary>
public class DirectControlConvergenceTests
{
    private static CarteaJaimungal Problem(double a, double phi, double exponent = 2)
        => new(new CarteaJaimungalParameters { Kappa = 0.24, Alpha = 0.16, Sigma = 0.2, A = a, Phi = phi, Exponent = exponent });

    [Fact]
    public void Single_preference_in_the_paper_domain_converges_to_the_closed_form()
    {
        var problem = Problem(0.01, 0.007);
        var options = CarteaJaimungalDirectControl.Configure(problem, DirectControlOptions.Quick with { Iterations = 500, Seed = 3 });
        var result = new DirectControlSolver().Solve(problem, options);
        var cmp = CarteaJaimungalDirectControl.Compare(result.Policy, problem, 77, 0.01, 0.007, paths: 41);

        cmp.ControlRelativeL2.Should().BeLessThan(0.03);
        cmp.Manifold.RSquared.Should().OnlyContain(r => r >= 0.99);
        cmp.H2MaxAbsError.Should().BeLessThan(0.03);
    }

    [Fact]
    public void Strong_curvature_check_value_is_learned_at_t0()
    {
        // κ = 0.24, α = 0.16, φ = 0.7, A = 10: the closed form's ν/q at t = 0 is the REFERENCES check value −1.814363.
        var problem = Problem(10, 0.7);
        var options = CarteaJaimungalDirectControl.Configure(problem, DirectControlOptions.Quick with { Iterations = 1200, Seed = 5 });
        var result = new DirectControlSolver().Solve(problem, options);
        var cmp = CarteaJaimungalDirectControl.Compare(result.Policy, problem, 77, 10, 0.7, paths: 41);
        var closed = CarteaJaimungalDirectControl.ClosedForm(problem.Parameters, 10, 0.7);

        cmp.ControlRelativeL2.Should().BeLessThan(0.10);
        cmp.Manifold.RSquared.Should().OnlyContain(r => r >= 0.99);
        var learnedSlope = (cmp.Manifold.H2[0] + 0.16) / (2 * 0.24);
        learnedSlope.Should().BeApproximately(closed.RatePerShare(0), 0.05 * Math.Abs(closed.RatePerShare(0)));
    }

    [Fact]
    public void Multi_preference_net_serves_a_grid_of_preferences()
    {
        var problem = Problem(0.01, 0.007);
        var options = CarteaJaimungalDirectControl.Configure(problem, DirectControlOptions.Quick with { Iterations = 700, MultiPreference = true, Seed = 11 });
        var result = new DirectControlSolver().Solve(problem, options);
        var grid = CarteaJaimungalDirectControl.CompareGrid(result.Policy, problem, 77, gridSize: 3, paths: 21);

        grid.Should().HaveCount(9);
        grid.Max(c => c.ControlRelativeL2).Should().BeLessThan(0.05);
        grid.Min(c => c.Manifold.MinRSquared).Should().BeGreaterThanOrEqualTo(0.99);
        result.PreferenceRanges.Select(p => p.Name).Should().Equal("A", "phi");
    }

    [Fact]
    public void Sub_diffusive_penalty_trains_sells_and_reports_the_manifold()
    {
        var problem = Problem(10, 0.7, exponent: 1.5);
        var options = CarteaJaimungalDirectControl.Configure(problem, DirectControlOptions.Quick with { Iterations = 300, Seed = 2 });
        var result = new DirectControlSolver().Solve(problem, options);
        var (manifold, _) = CarteaJaimungalDirectControl.Explain(result.Policy, problem, 77, 10, 0.7, paths: 21);

        result.ValidationCosts[^1].Should().BeLessThan(result.ValidationCosts[0]);
        manifold.H2.Should().OnlyContain(h => double.IsFinite(h));
        manifold.RSquared.Should().OnlyContain(r => r > 0.9 && r <= 1 + 1e-12);

        // A long position is sold (ν/q = (α + h̃₂)/(2κ) < 0) and faster near the horizon, where A = 10 bites.
        manifold.H2[0].Should().BeLessThan(-0.16);
        manifold.H2[^1].Should().BeLessThan(manifold.H2[0]);
    }
}
