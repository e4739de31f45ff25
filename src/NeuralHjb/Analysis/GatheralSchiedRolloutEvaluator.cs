using NeuralHjb.Autodiff;
using NeuralHjb.Control;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Analysis;

/// <summary>
/// Evaluates an execution policy for <see cref="GatheralSchied"/> the way the MT-PINN paper does:
/// Euler rollouts x_{k+1} = x_k − v(t_k, x_k, S_k) Δt, S_{k+1} = S_k(1 + σ ΔW) from every start state
/// and horizon of a grid, then the terminal inventory distribution and the relative L2 errors of the
/// value, the rate and the inventory against the closed form along the same paths (the value and
/// rate at the learned path's states; the inventory against x*(t) on the same price path).
/// </summary>
public static class GatheralSchiedRolloutEvaluator
{
    /// <summary>Runs the evaluation.</summary>
    /// <param name="problem">The problem (κ, σ, λ, T).</param>
    /// <param name="policy">The selling rate v(t, [X, S]) → [batch, 1]; called outside <c>NoGrad</c> (value-network policies need autodiff).</param>
    /// <param name="value">The learned value V(t, [X, S]) → [batch, 1], or null to skip the value error.</param>
    /// <param name="grid">Start states, horizons, steps.</param>
    /// <param name="dtype">The dtype the policy and value expect.</param>
    /// <param name="tolerance">ε of P(|X_T| ≤ ε). Default 0.05.</param>
    /// <returns>The report.</returns>
    public static ExecutionRolloutReport Evaluate(GatheralSchied problem, IPolicy policy, Func<Tensor, Tensor, Tensor>? value, ExecutionRolloutGrid grid, DType dtype = DType.Float32, double tolerance = 0.05)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(grid);
        grid.Validate(problem.Horizon);
        if (!(tolerance > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "tolerance must be positive.");
        }

        var T = problem.Horizon;
        var sigma = problem.Parameters.Sigma;
        var cf = GatheralSchiedClosedFormPolicy.ClosedForm(problem.Parameters);
        var n = grid.PathCount;
        var steps = grid.Steps;
        var h = new double[n];
        var x = new double[n];
        var s = new double[n];
        var p = 0;
        foreach (var x0 in grid.InitialInventories)
        {
            foreach (var s0 in grid.InitialPrices)
            {
                foreach (var hz in grid.Horizons)
                {
                    x[p] = x0;
                    s[p] = s0;
                    h[p] = hz;
                    p++;
                }
            }
        }

        var x0s = (double[])x.Clone();
        var inventory = new double[n, steps + 1];
        var prices = new double[n, steps + 1];
        double valueErr = 0, valueRef = 0, controlErr = 0, controlRef = 0;
        var g = new Philox(grid.Seed, 0x5eed);
        var state = new double[2 * n];
        var time = new double[n];
        for (var k = 0; k <= steps; k++)
        {
            for (var i = 0; i < n; i++)
            {
                inventory[i, k] = x[i];
                prices[i, k] = s[i];
            }

            if (k == steps)
            {
                break;
            }

            for (var i = 0; i < n; i++)
            {
                time[i] = T - h[i] + (k * h[i] / steps);
                state[2 * i] = x[i];
                state[(2 * i) + 1] = s[i];
            }

            var tt = Tensor.FromSpan(time, [n, 1], dtype);
            var xx = Tensor.FromSpan(state, [n, 2], dtype);
            var v = policy.Control(tt, xx).Detach().ToDoubleArray();
            double[]? learnedValue = null;
            if (value is not null)
            {
                using (Autograd.NoGrad())
                {
                    learnedValue = value(tt, xx).Detach().ToDoubleArray();
                }
            }

            var z = grid.PriceNoise && sigma > 0 ? Tensor.Normal([n], g, 0, 1, DType.Float64).ToDoubleArray() : null;
            for (var i = 0; i < n; i++)
            {
                var dt = h[i] / steps;
                var tau = h[i] - (k * dt);
                var vStar = cf.Rate(tau, x[i], s[i]);
                controlErr += (v[i] - vStar) * (v[i] - vStar);
                controlRef += vStar * vStar;
                if (learnedValue is not null)
                {
                    var vv = cf.Value(tau, x[i], s[i]);
                    valueErr += (learnedValue[i] - vv) * (learnedValue[i] - vv);
                    valueRef += vv * vv;
                }

                x[i] -= v[i] * dt;
                if (z is not null)
                {
                    s[i] *= 1 + (sigma * Math.Sqrt(dt) * z[i]);
                }
            }
        }

        double invErr = 0, invRef = 0;
        var times = new double[steps + 1];
        var path = new double[steps + 1];
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k <= steps; k++)
            {
                times[k] = k * h[i] / steps;
                path[k] = prices[i, k];
            }

            var star = cf.InventoryPath(h[i], x0s[i], times, path);
            for (var k = 0; k <= steps; k++)
            {
                var e = inventory[i, k] - star[k];
                invErr += e * e;
                invRef += star[k] * star[k];
            }
        }

        var within = 0;
        double sumAbs = 0, maxAbs = 0;
        for (var i = 0; i < n; i++)
        {
            var a = Math.Abs(x[i]);
            within += a <= tolerance ? 1 : 0;
            sumAbs += a;
            maxAbs = Math.Max(maxAbs, double.IsNaN(a) ? double.PositiveInfinity : a);
        }

        return new ExecutionRolloutReport
        {
            Paths = n,
            TerminalTolerance = tolerance,
            ProbabilityTerminalWithinTolerance = (double)within / n,
            MeanAbsTerminalInventory = sumAbs / n,
            MaxAbsTerminalInventory = maxAbs,
            ValueRelativeL2 = value is null ? double.NaN : Math.Sqrt(valueErr / valueRef),
            ControlRelativeL2 = Math.Sqrt(controlErr / controlRef),
            InventoryRelativeL2 = Math.Sqrt(invErr / invRef),
            TerminalInventories = x,
        };
    }
}
