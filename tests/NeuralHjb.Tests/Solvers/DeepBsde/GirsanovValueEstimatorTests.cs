using NeuralHjb.Autodiff;
using NeuralHjb.Problems.Pde;
using NeuralHjb.Reference;
using NeuralHjb.Solvers.DeepBsde;
using NeuralHjb.Tensors;

namespace NeuralHjb.Tests.Solvers.DeepBsde;

/// <summary>
/// The Girsanov re-estimate of u(0, x₀) from a Z: unbiased with the exact Z, second-order (and an upper bound for HJB-LQ's
/// concave generator) in the error of Z, with its sub-step bias removed by extrapolation.
/// </summary>
public class GirsanovValueEstimatorTests
{
    private const int D = 4;
    private const int N = 10;
    private const double Lambda = 1;
    private static readonly HjbLq Problem = new(new HjbLqParameters { Dimension = D, Lambda = Lambda });
    private static readonly double Reference = HjbLqReference.Value(D, Lambda, 1.0);

    // σᵀ∇u at the grid's times, from the θ = ½ scheme with 2 steps per interval (its Z error enters the estimate squared).
    private static readonly HjbLqExactZ Exact = new(HjbLqEulerScheme.Solve(D, Lambda, 1.0, 2 * N, theta: 0.5), N);

    [Fact]
    public void With_the_exact_z_the_estimate_is_the_reference_within_its_standard_error()
    {
        var e = GirsanovValueEstimator.Estimate(Problem, Exact, new GirsanovEstimateOptions { Paths = 65536, SubSteps = 2 });

        // Measured: error +0.00035 (se 0.0007); with 4 sub-steps alone +0.0081, with 2 +0.0158 (extrapolation removes that).
        Math.Abs(e.Value - Reference).Should().BeLessThan(3 * e.StandardError + 2e-4, $"estimate {e.Value}, se {e.StandardError}");
        e.StandardError.Should().BeLessThan(1e-3);
        e.Paths.Should().Be(65536);
    }

    [Fact]
    public void Without_extrapolation_the_sub_step_bias_is_first_order_and_extrapolation_removes_it()
    {
        var options = new GirsanovEstimateOptions { Paths = 8192, SubSteps = 1 };
        var e = GirsanovValueEstimator.Estimate(Problem, Exact, options);

        // Same Brownian paths: the coarse (1 sub-step) error is about twice the fine (2 sub-steps) one.
        var coarse = e.CoarseValue - Reference;
        var fine = e.FineValue - Reference;
        coarse.Should().BeGreaterThan(10 * e.StandardError);
        (coarse / fine).Should().BeInRange(1.6, 2.4);
        Math.Abs(e.Value - Reference).Should().BeLessThan(0.2 * Math.Abs(fine));

        var plain = GirsanovValueEstimator.Estimate(Problem, Exact, options with { Extrapolate = false });
        plain.CoarseValue.Should().Be(double.NaN);
        plain.Value.Should().Be(plain.FineValue);
    }

    [Fact]
    public void The_error_is_second_order_in_the_error_of_z_and_an_upper_bound()
    {
        // Measured (common random numbers): +0.0072 at ε = 0.2, +0.0285 at 0.4, +0.0071 at −0.2.
        // Ẑ = (1 + ε)Z: the estimate exceeds u by (λ/2)ε² E∫|Z|²dt (quadrupling when ε doubles), while the forward
        // method's Y₀ = E[g] − (λ/2)ΣE|Ẑ|²Δt would move by (λ/2)(2ε + ε²)E∫|Z|²dt — first order.
        var options = new GirsanovEstimateOptions { Paths = 8192, SubSteps = 2 };
        var baseline = GirsanovValueEstimator.Estimate(Problem, Exact, options).Value;
        var small = GirsanovValueEstimator.Estimate(Problem, new ScaledZ(Exact, 1.2), options).Value - baseline;
        var large = GirsanovValueEstimator.Estimate(Problem, new ScaledZ(Exact, 1.4), options).Value - baseline;
        var shrunk = GirsanovValueEstimator.Estimate(Problem, new ScaledZ(Exact, 0.8), options).Value - baseline;

        small.Should().BeGreaterThan(0);
        shrunk.Should().BeGreaterThan(0, "both directions cost more: the estimate is the cost of a feedback control");
        (large / small).Should().BeInRange(3, 5);
        (shrunk / small).Should().BeInRange(0.7, 1.4);
        small.Should().BeLessThan(0.01 * Reference, "ε = 0.2 moves the estimate by about 0.7 % (measured 0.0072), the forward Y₀ by ~7 %");
    }

    [Fact]
    public void A_generator_that_reads_y_is_refused_by_name()
    {
        var allenCahn = new AllenCahn(new AllenCahnParameters { Dimension = 2, Horizon = 1 });
        var act = () => GirsanovValueEstimator.Estimate(allenCahn, new ScaledZ(Exact, 1), new GirsanovEstimateOptions { Paths = 16 });

        act.Should().Throw<ArgumentException>().WithParameterName("problem").WithMessage("*reads y*");
    }

    [Fact]
    public void Bad_options_and_mismatched_horizons_are_refused()
    {
        FluentActions.Invoking(() => GirsanovValueEstimator.Estimate(Problem, Exact, new GirsanovEstimateOptions { Paths = 1 }))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("Paths");
        FluentActions.Invoking(() => GirsanovValueEstimator.Estimate(Problem, Exact, new GirsanovEstimateOptions { SubSteps = 0 }))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("SubSteps");
        FluentActions.Invoking(() => GirsanovValueEstimator.Estimate(new HjbLq(new HjbLqParameters { Dimension = D, Horizon = 2 }), Exact))
            .Should().Throw<ArgumentException>().WithParameterName("z");
    }

    [Fact]
    public void Inside_no_grad_it_says_why_it_cannot_run()
    {
        using var _ = Autograd.NoGrad();
        FluentActions.Invoking(() => GirsanovValueEstimator.Estimate(Problem, Exact, new GirsanovEstimateOptions { Paths = 16 }))
            .Should().Throw<InvalidOperationException>().WithMessage("*NoGrad*");
    }

    [Fact]
    public void A_z_that_blows_up_stops_with_a_diagnostic()
    {
        FluentActions.Invoking(() => GirsanovValueEstimator.Estimate(Problem, new ScaledZ(Exact, double.PositiveInfinity), new GirsanovEstimateOptions { Paths = 16 }))
            .Should().Throw<InvalidOperationException>().WithMessage("*path*");
    }

    [Fact]
    public void Cancellation_is_honoured_between_chunks()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        FluentActions.Invoking(() => GirsanovValueEstimator.Estimate(Problem, Exact, null, cts.Token)).Should().Throw<OperationCanceledException>();
    }

    /// <summary>c·Z of another Z.</summary>
    private sealed class ScaledZ(ITrainedZ inner, double c) : ITrainedZ
    {
        public int TimeSteps => inner.TimeSteps;

        public double Horizon => inner.Horizon;

        public Tensor Evaluate(int timeIndex, Tensor states) => inner.Evaluate(timeIndex, states) * c;
    }
}
