using NeuralHjb.Autodiff;
using NeuralHjb.Control;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>
/// Re-estimates u(0, x₀) from a trained Z by simulating the forward process under the measure in which the
/// generator's z-gradient is the drift of the noise (Girsanov), with the trained Z as a control variate.
/// </summary>
/// <remarks>
/// <para>With βₜ = ∇_z f(t, Xₜ, Ẑₜ) and dW = dW^Q + β dt, the BSDE gives exactly
/// Y₀ = g(X_T) + ∫(f(Z) − Z·β) dt − ∫Z·dW^Q under Q, where X is driven by dW = dW^Q + β dt. The estimator replaces Z
/// by the trained Ẑ: E_Q[g(X_T) + ∫(f(Ẑ) − Ẑ·β) dt − ∫Ẑ·dW^Q]. Its error is the mean of
/// ∫[f(Z) − f(Ẑ) − ∇f(Ẑ)·(Z − Ẑ)] dt, second order in Ẑ − Z, whereas the forward method's trained Y₀ is first-order
/// sensitive to the networks' error (through E|Ẑ|² for a quadratic generator). For an HJB problem (f concave in z,
/// e.g. HJB-LQ's −λ|z|²/2) it is the cost of the feedback control the trained Z defines, hence an upper bound up to
/// time discretisation and Monte Carlo error; the −∫Ẑ·dW^Q term has mean zero and removes most of the variance.</para>
/// <para>Zₙ is the trained network of the interval [tₙ, tₙ₊₁) (Z₀ is the trained constant), re-evaluated at every
/// Euler sub-step; the first-order error in the sub-step length is removed by Richardson extrapolation on the same
/// Brownian path (<see cref="GirsanovEstimateOptions.Extrapolate"/>). The generator must not read y
/// (<see cref="ISemilinearPde.GeneratorArguments"/>): with a y-dependent f the estimate would need Y along the
/// path and lose its second-order property.</para>
/// </remarks>
public static class GirsanovValueEstimator
{
    /// <summary>Estimates u(0, x₀).</summary>
    /// <param name="problem">The PDE (its generator must not read y).</param>
    /// <param name="z">The trained Z, e.g. <see cref="DeepBsdeResult.ZModel"/>; its horizon must be the problem's.</param>
    /// <param name="options">Options, or null for the defaults.</param>
    /// <param name="cancellationToken">Cancels between chunks of paths.</param>
    /// <returns>The estimate with its standard error.</returns>
    /// <exception cref="ArgumentException">The generator reads y, or the horizons differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="InvalidOperationException">The simulation produced a NaN or infinite value, or the call is inside
    /// <see cref="Autograd.NoGrad"/> (β is computed by automatic differentiation).</exception>
    public static GirsanovEstimate Estimate(ISemilinearPde problem, ITrainedZ z, GirsanovEstimateOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(z);
        options ??= new GirsanovEstimateOptions();
        options.Validate();
        CheckProblem(problem);
        if (Math.Abs(z.Horizon - problem.Horizon) > 1e-12 * problem.Horizon)
        {
            throw new ArgumentException($"the trained Z has horizon {z.Horizon}, the problem {problem.Horizon}.", nameof(z));
        }

        var generator = new Philox(options.Seed);
        var feedback = new FeedbackZ(problem, z.TimeSteps, z.Evaluate, options.DType, keepGraph: false);
        double sumF = 0, sumC = 0, sumE = 0, sumE2 = 0;
        for (var done = 0; done < options.Paths; done += options.ChunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(options.ChunkSize, options.Paths - done);
            var (fine, coarse) = SimulateChunk(problem, feedback, options, count, generator);
            for (var b = 0; b < count; b++)
            {
                var e = options.Extrapolate ? (2 * fine[b]) - coarse[b] : fine[b];
                if (!double.IsFinite(e))
                {
                    throw new InvalidOperationException($"the controlled simulation of '{problem.Name}' produced {e} on path {done + b}; the trained Z may be unbounded there.");
                }

                sumF += fine[b];
                sumC += options.Extrapolate ? coarse[b] : 0;
                sumE += e;
                sumE2 += e * e;
            }
        }

        var n = options.Paths;
        var mean = sumE / n;
        var variance = Math.Max(0, (sumE2 - (n * mean * mean)) / (n - 1));
        return new GirsanovEstimate(mean, Math.Sqrt(variance / n), sumF / n, options.Extrapolate ? sumC / n : double.NaN, n);
    }

    /// <summary>Checks that the estimator applies to a problem (its generator must not read y).</summary>
    /// <param name="problem">The PDE.</param>
    /// <exception cref="ArgumentException">The generator reads y.</exception>
    public static void CheckProblem(ISemilinearPde problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if ((problem.GeneratorArguments & GeneratorArguments.Value) != 0)
        {
            throw new ArgumentException($"the generator of '{problem.Name}' reads y; the Girsanov estimate needs f(t, x, z) (GeneratorArguments without Value).", nameof(problem));
        }
    }

    // One chunk: the fine path (2M sub-steps per interval, or M without extrapolation) and, when extrapolating, the coarse
    // path (M sub-steps) driven by the sums of pairs of the fine increments. Returns g(X_T) + the running sums per path.
    private static (double[] Fine, double[] Coarse) SimulateChunk(ISemilinearPde problem, FeedbackZ z, GirsanovEstimateOptions options, int count, Philox generator)
    {
        var dtype = options.DType;
        var intervals = z.TimeSteps;
        var dt = problem.Horizon / intervals;
        var fineSteps = options.Extrapolate ? 2 * options.SubSteps : options.SubSteps;
        var h = dt / fineSteps;
        var fine = new ControlledPath(problem.InitialStates(count, dtype), keepGraph: false);
        var coarse = options.Extrapolate ? new ControlledPath(problem.InitialStates(count, dtype), keepGraph: false) : null;
        for (var n = 0; n < intervals; n++)
        {
            for (var k = 0; k < fineSteps; k += 2)
            {
                var t = (n * dt) + (k * h);
                var first = problem.SampleIncrements(count, h, generator, dtype);
                fine.Step(problem, z, n, (double)k / fineSteps, t, h, first);
                if (k + 1 >= fineSteps)
                {
                    break; // M odd without extrapolation
                }

                var second = problem.SampleIncrements(count, h, generator, dtype);
                fine.Step(problem, z, n, (double)(k + 1) / fineSteps, t + h, h, second);
                coarse?.Step(problem, z, n, (double)k / fineSteps, t, 2 * h, first + second);
            }
        }

        return (fine.Total(problem).ToDoubleArray(), coarse?.Total(problem).ToDoubleArray() ?? []);
    }
}
