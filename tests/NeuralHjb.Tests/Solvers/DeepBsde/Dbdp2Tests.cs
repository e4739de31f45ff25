using NeuralHjb.Problems.Pde;
using NeuralHjb.Reference;
using NeuralHjb.Solvers.DeepBsde;

namespace NeuralHjb.Tests.Solvers.DeepBsde;

public class Dbdp2Tests
{
    [Fact]
    public void Dbdp2_and_dbdp1_reach_the_value_of_the_discrete_scheme_they_approximate()
    {
        // At N = 5 the explicit scheme itself is ~5 % above u(0, 0) for d = 4 (HjbLqEulerScheme); both backward
        // solvers fit that scheme, so it — not the continuous value — is the honest target for a short test.
        var pde = new HjbLq(new HjbLqParameters { Dimension = 4 });
        var scheme = HjbLqEulerScheme.Value(4, 1.0, 1.0, 5);
        var options = new DbdpOptions
        {
            TimeSteps = 5,
            BatchSize = 256,
            HiddenWidth = 16,
            Steps = new BackwardStepOptions { Iterations = 250, FirstStepIterations = 600, LearningRates = [1e-2, 1e-3], LearningRateBoundaries = [170] },
            Seed = 4,
        };
        var dbdp1 = new DbdpSolver().Solve(pde, options);
        var dbdp2 = new DbdpSolver().Solve(pde, options with { Scheme = DbdpScheme.Dbdp2 });

        dbdp2.Method.Should().Be("dbdp2");
        var continuous = HjbLqReference.Value(4, 1.0, 1.0);
        var because = $"dbdp1 {dbdp1.Y0}, dbdp2 {dbdp2.Y0}, scheme {scheme}, continuous {continuous}";

        // Measured: dbdp1 1.1838, dbdp2 1.1812, scheme 1.1553, continuous 1.1014. What is left above the scheme
        // (2.2–2.5 %) is the networks' own upward bias, and it is training-limited: with batch 128 and 400 + 4 × 150
        // steps both land ~6 % above the scheme.
        (Math.Abs(dbdp2.Y0 - scheme) / scheme).Should().BeLessThan(0.03, because);
        (Math.Abs(dbdp1.Y0 - scheme) / scheme).Should().BeLessThan(0.03, because);
        Math.Abs(dbdp2.Y0 - dbdp1.Y0).Should().BeLessThan(0.01 * scheme, because);
        Math.Abs(dbdp2.Y0 - scheme).Should().BeLessThan(Math.Abs(dbdp2.Y0 - continuous) / 2, "at N = 5 the time step, not the fit, is most of the error: " + because);
        dbdp2.Z0.Should().HaveCount(4).And.OnlyContain(z => Math.Abs(z) < 0.05, "σᵀ∇u(0, 0) = 0 by symmetry");
    }
}
