using NeuralHjb.Reference.FiniteDifference;

namespace NeuralHjb.Tests.Reference.FiniteDifference;

public class FdSolverMechanicsTests
{
    [Fact]
    public void Two_dimensional_diffusion_with_correlation_is_exact_on_quadratics()
    {
        // V_t + ½V_xx + ½V_yy + ρV_xy + bV_x = 0, g = x² + xy: V = x² + xy + (1 + ρ + ... )(T − t) is a polynomial
        // every stencil differentiates exactly (b = 0 here), so only round-off remains. Dirichlet data from the
        // exact solution on all four sides, non-uniform nodes in x.
        const double rho = 0.4, T = 1;
        static double Exact(double t, double x, double y) => (x * x) + (x * y) + ((1 + rho) * (T - t));
        var boundary = BoundaryCondition.Dirichlet((t, x, y) => Exact(t, x, y));
        var problem = new HjbProblem
        {
            Grid = new StateGrid(GridAxis.Uniform(-1, 1, 21), GridAxis.Uniform(-1, 2, 31)),
            Horizon = T,
            Controls = ControlSet.Finite(0),
            Coefficients = (t, x, y, u) => new HjbCoefficients { Axx = 1, Ayy = 1, Axy = rho },
            Terminal = (x, y) => Exact(T, x, y),
            LowerX = boundary,
            UpperX = boundary,
            LowerY = boundary,
            UpperY = boundary,
        };
        var sol = FiniteDifferenceHjbSolver.Solve(problem, new FdSolverOptions { TimeSteps = 10 });
        for (int k = 0; k < sol.Times.Count; k++)
        {
            double[] v = sol.ValuesAt(k);
            for (int j = 0; j < problem.Grid.NY; j++)
            {
                for (int i = 0; i < problem.Grid.NX; i++)
                {
                    v[problem.Grid.Index(i, j)].Should().BeApproximately(Exact(sol.Times[k], problem.Grid.X[i], problem.Grid.Y![j]), 1e-9);
                }
            }
        }

        sol.Diagnostics.NonMonotoneRows.Should().Be(0, "ρ = 0.4 with h_x ≈ h_y keeps the seven-point stencil monotone");
    }

    [Fact]
    public void Linear_extrapolation_boundaries_are_exact_for_linear_data()
    {
        // V_t + b V_x + ½aV_xx = 0 with g = 3x − 1: V = 3x − 1 + 3b(T − t) — linear in x, so the ghost nodes are exact.
        var problem = new HjbProblem
        {
            Grid = new StateGrid(GridAxis.Clustered(-2, 2, 41, 0.5, 4)),
            Horizon = 2,
            Controls = ControlSet.Finite(0),
            Coefficients = (t, x, y, u) => new HjbCoefficients { DriftX = 0.3, Axx = 0.5 },
            Terminal = (x, y) => (3 * x) - 1,
        };
        var sol = FiniteDifferenceHjbSolver.Solve(problem, new FdSolverOptions { TimeSteps = 7 });
        foreach (double x in new[] { -2.0, -0.3, 0.5, 2.0 })
        {
            sol.Value(0, x).Should().BeApproximately((3 * x) - 1 + (3 * 0.3 * 2), 1e-10);
        }
    }

    [Fact]
    public void Finite_control_set_picks_the_better_control_and_minimisation_is_respected()
    {
        // V_t + opt_{u ∈ {−1, 1}} u = 0, V(T) = 0: max gives T − t, min gives −(T − t).
        HjbProblem Make(OptimizationSense sense) => new()
        {
            Grid = new StateGrid(GridAxis.Uniform(0, 1, 5)),
            Horizon = 2,
            Sense = sense,
            Controls = ControlSet.Finite(-1, 1),
            Coefficients = (t, x, y, u) => new HjbCoefficients { Reward = u },
            Terminal = (x, y) => 0,
        };
        var max = FiniteDifferenceHjbSolver.Solve(Make(OptimizationSense.Maximize), new FdSolverOptions { TimeSteps = 4 });
        var min = FiniteDifferenceHjbSolver.Solve(Make(OptimizationSense.Minimize), new FdSolverOptions { TimeSteps = 4 });
        max.Value(0, 0.5).Should().BeApproximately(2, 1e-12);
        max.Control(1, 0.5).Should().Be(1);
        min.Value(0, 0.5).Should().BeApproximately(-2, 1e-12);
        min.Control(1, 0.5).Should().Be(-1);
    }

    [Fact]
    public void Output_times_keep_only_the_requested_snapshots()
    {
        var problem = MertonFdProblems.Power(0.02, 0.05, 0.2, 0.5, 1, GridAxis.Uniform(0, 4, 21));
        var sol = FiniteDifferenceHjbSolver.Solve(problem, new FdSolverOptions { TimeSteps = 10, OutputTimes = [0.5] });
        sol.Times.Should().Equal(0.0, 0.5, 1.0);
        sol.Diagnostics.PolicyIterations.Should().HaveCount(10).And.OnlyContain(n => n >= 1);
    }

    [Fact]
    public void Refine_keeps_the_coarse_nodes()
    {
        var coarse = GridAxis.Geometric(0.1, 10, 5);
        var fine = coarse.Refine(2);
        fine.Count.Should().Be(9);
        for (int i = 0; i < coarse.Count; i++)
        {
            fine[2 * i].Should().Be(coarse[i]);
        }

        fine.IndexOf(coarse[3]).Should().Be(6);
    }
}
