using NeuralHjb.Nn;
using NeuralHjb.Problems.Pde;
using NeuralHjb.Random;
using NeuralHjb.Reference;
using NeuralHjb.Solvers.DeepBsde;
using NeuralHjb.Tensors;
using NeuralHjb.Training;

namespace NeuralHjb.Tests.Solvers.DeepBsde;

public class DbdpSolverTests
{
    [Fact]
    public void Heat_equation_u0_matches_d_times_T()
    {
        var pde = new HeatEquation(dimension: 2, horizon: 1);
        var result = new DbdpSolver().Solve(pde, new DbdpOptions
        {
            TimeSteps = 5,
            BatchSize = 256,
            HiddenWidth = 16,
            Steps = new BackwardStepOptions { Iterations = 300, FirstStepIterations = 800, LearningRates = [1e-2, 1e-3], LearningRateBoundaries = [200] },
            Seed = 2,
        });

        result.Y0.Should().BeApproximately(2.0, 0.04);
        result.Z0.Should().OnlyContain(z => Math.Abs(z) < 0.1, "∇u(0, 0) = 0");
        result.Method.Should().Be("dbdp");
    }

    [Fact]
    public void Discounted_heat_equation_u0_matches_the_closed_form()
    {
        var pde = new DiscountedHeatEquation(dimension: 2, horizon: 1, rate: 0.5);
        var result = new DbdpSolver().Solve(pde, new DbdpOptions
        {
            TimeSteps = 5,
            BatchSize = 256,
            HiddenWidth = 16,
            Steps = new BackwardStepOptions { Iterations = 300, FirstStepIterations = 800, LearningRates = [1e-2, 1e-3], LearningRateBoundaries = [200] },
            Seed = 6,
        });

        result.Y0.Should().BeApproximately(pde.Exact, 0.03 * pde.Exact);
    }

    [Fact]
    public void HjbLq_small_matches_the_quadrature_reference()
    {
        // DBDP1 is biased upward on HJB-LQ at small d: U₀ = E[U₁] − (λ/2)|Z|²Δt summed over steps, and the
        // least-squares Z (fitted from the weak Z·ΔW signal) comes out too small. 2.6–5.8% was measured at
        // d = 4 for different seeds; the tolerance says so, and the heat tests are the tight ones.
        var pde = new HjbLq(new HjbLqParameters { Dimension = 4 });
        var reference = HjbLqReference.Value(4, 1.0, 1.0);
        var result = new DbdpSolver().Solve(pde, new DbdpOptions
        {
            TimeSteps = 5,
            BatchSize = 256,
            HiddenWidth = 16,
            Steps = new BackwardStepOptions { Iterations = 250, FirstStepIterations = 600, LearningRates = [1e-2, 1e-3], LearningRateBoundaries = [170] },
            Seed = 4,
        });

        (Math.Abs(result.Y0 - reference) / reference).Should().BeLessThan(0.08, $"y0 = {result.Y0}, reference {reference}");
        result.History.SeriesNames.Should().Contain(["loss", "time_index", "y0"]);
    }

    [Fact]
    public void Backward_induction_warm_starts_each_step_from_the_next_and_freezes_it()
    {
        // Each step fits the constant (time index + 1); with warm start step i starts at step i + 1's fit.
        var seen = new List<(int Index, double Start)>();
        var result = BackwardInduction.Run(
            3,
            _ => new Mlp([1, 1], generator: new Philox(1), dtype: DType.Float64),
            step =>
            {
                var x = Tensor.Zeros([4, 1], DType.Float64);
                seen.Add((step.TimeIndex, step.Model.Forward(x).ToDoubleArray()[0]));
                step.Next?.Layers[0].Weight.RequiresGrad.Should().BeFalse();
                return _ => new LossEvaluation((step.Model.Forward(x) - (step.TimeIndex + 1.0)).Square().Mean());
            },
            new BackwardStepOptions { Iterations = 300, LearningRates = [5e-2], ReportEvery = 100 });

        seen.Select(s => s.Index).Should().Equal(2, 1, 0);
        seen[1].Start.Should().BeApproximately(3.0, 0.05, "step 1 starts from step 2's fit");
        seen[2].Start.Should().BeApproximately(2.0, 0.05, "step 0 starts from step 1's fit");
        result.FinalLosses.Should().OnlyContain(l => l < 1e-3);
        result.History.Steps.Should().Equal(100, 200, 300, 400, 500, 600, 700, 800, 900);
        result.History["time_index"].Should().Equal(2, 2, 2, 1, 1, 1, 0, 0, 0);
        result.Models.Should().HaveCount(3).And.OnlyContain(m => !m.Training);
    }

    [Fact]
    public void Bad_options_are_rejected_naming_the_option()
    {
        var pde = new HjbLq(new HjbLqParameters { Dimension = 2 });
        FluentActions.Invoking(() => new DbdpSolver().Solve(pde, new DbdpOptions { BatchSize = 0 }))
            .Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "BatchSize");
        FluentActions.Invoking(() => new DbdpSolver().Solve(pde, new DbdpOptions { Steps = new BackwardStepOptions { Iterations = 0 } }))
            .Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "Iterations");
        FluentActions.Invoking(() => new DbdpSolver().Solve(pde, new DbdpOptions { Steps = new BackwardStepOptions { LearningRates = [0.0] } }))
            .Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "LearningRates[0]");
    }
}
