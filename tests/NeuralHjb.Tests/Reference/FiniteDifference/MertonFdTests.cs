using NeuralHjb.Reference.FiniteDifference;
using Xunit.Abstractions;

namespace NeuralHjb.Tests.Reference.FiniteDifference;

public class MertonFdTests(ITestOutputHelper output)
{
    private const double R = 0.02, Mu = 0.05, Sigma = 0.2, P = 0.5, T = 1;

    // Closed form (REFERENCES §4): V = x^p/p e^{ν(T−t)}, π* = (μ−r)/((1−p)σ²) = 1.5.
    private static readonly double Nu = (P * R) + (P * (Mu - R) * (Mu - R) / (2 * Sigma * Sigma * (1 - P)));
    private static readonly double PiStar = (Mu - R) / ((1 - P) * Sigma * Sigma);

    private static double Exact(double t, double x) => Math.Pow(x, P) / P * Math.Exp(Nu * (T - t));

    private static HjbSolution Solve(int nodes, int steps)
        => FiniteDifferenceHjbSolver.Solve(
            MertonFdProblems.Power(R, Mu, Sigma, P, T, GridAxis.Uniform(0, 8, nodes)),
            new FdSolverOptions { TimeSteps = steps });

    [Fact]
    public void Power_value_and_control_match_closed_form()
    {
        var sol = Solve(321, 80);
        foreach (double t in new[] { 0.0, 0.5 })
        {
            foreach (double x in new[] { 0.5, 1.0, 2.0 })
            {
                double v = sol.Value(t, x);
                output.WriteLine($"t={t} x={x}: V={v:F6} exact={Exact(t, x):F6} rel={(v / Exact(t, x)) - 1:E2} π={sol.Control(t, x):F4}");

                // h = 0.025, Δt = 1/80: first-order error ≈ 2e-4 relative; 5e-4 leaves room across x.
                v.Should().BeApproximately(Exact(t, x), 5e-4 * Exact(t, x));
                sol.Control(t, x).Should().BeApproximately(PiStar, 0.03);
            }
        }

        sol.Diagnostics.StepsAtPolicyLimit.Should().Be(0);
        sol.Diagnostics.MaxLinearResidual.Should().BeLessThan(1e-12);
    }

    [Fact]
    public void Refinement_study_shows_first_order_convergence()
    {
        // h and Δt halved together: (h, Δt) = (0.1, 1/20), (0.05, 1/40), (0.025, 1/80).
        var runs = new[] { (81, 20), (161, 40), (321, 80) };
        var errV = new double[3];
        var errPi = new double[3];
        for (int i = 0; i < 3; i++)
        {
            var sol = Solve(runs[i].Item1, runs[i].Item2);
            errV[i] = sol.Value(0, 1) - Exact(0, 1);
            errPi[i] = sol.Control(0, 1) - PiStar;
            output.WriteLine($"n={runs[i].Item1} N={runs[i].Item2}: V error {errV[i]:E3}, π error {errPi[i]:E3}, {sol.Diagnostics.Elapsed.TotalMilliseconds:F0} ms");
        }

        for (int i = 0; i < 2; i++)
        {
            double orderV = ConvergenceStudy.ObservedOrder(errV[i], errV[i + 1]);
            double orderPi = ConvergenceStudy.ObservedOrder(errPi[i], errPi[i + 1]);
            output.WriteLine($"observed order V {orderV:F3}, π {orderPi:F3}");

            // Upwind + backward Euler: first order; measured 0.99.
            orderV.Should().BeInRange(0.9, 1.2);
            orderPi.Should().BeInRange(0.9, 1.2);
        }

        // The error is a clean O(h): Richardson extrapolation gains two orders of magnitude.
        double extrapolated = ConvergenceStudy.Richardson(Exact(0, 1) + errV[1], Exact(0, 1) + errV[2]);
        Math.Abs(extrapolated - Exact(0, 1)).Should().BeLessThan(1e-5);
    }

    [Fact]
    public void Log_utility_control_matches_closed_form()
    {
        // Log: π* = (μ−r)/σ² = 0.75, V = ln x + [r + (μ−r)²/(2σ²)](T − t); grid must avoid x = 0.
        var sol = FiniteDifferenceHjbSolver.Solve(
            MertonFdProblems.Log(R, Mu, Sigma, T, GridAxis.Geometric(0.01, 20, 161)),
            new FdSolverOptions { TimeSteps = 40 });
        double exact = R + ((Mu - R) * (Mu - R) / (2 * Sigma * Sigma));
        sol.Value(0, 1).Should().BeApproximately(exact, 2e-3);
        sol.Control(0, 1).Should().BeApproximately(0.75, 0.02);
    }
}
