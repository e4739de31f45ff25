using NeuralHjb.Control;
using NeuralHjb.Nn;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>
/// A fixed input normalisation for networks of the state: each coordinate of x is centred and scaled by
/// its mean and standard deviation over a pilot batch of paths at the times t₁ … t_N, so problems whose
/// states live far from the origin (default risk: x ≈ 100) do not saturate tanh layers. Optionally a
/// leading time input is mapped from [0, T] to [−1, 1].
/// </summary>
internal static class PilotNormalization
{
    private const int PilotPaths = 1024;

    public static InputNormalization Create(ISemilinearPde pde, int timeSteps, DType dtype, ulong seed, bool includeTime)
    {
        var d = pde.Dimension;
        var offset = includeTime ? 1 : 0;
        var shift = new double[d + offset];
        var scale = new double[d + offset];
        if (includeTime)
        {
            shift[0] = pde.Horizon / 2;
            scale[0] = pde.Horizon / 2;
        }

        var paths = EulerPaths.Simulate(pde, timeSteps, timeSteps, PilotPaths, new Philox(seed, SolverStreams.Pilot), dtype);
        var x = paths.States.Slice(0, 1, timeSteps).Reshape([-1, d]);
        var mean = x.Mean(0).ToDoubleArray();
        var std = x.Std(0).ToDoubleArray();
        for (var i = 0; i < d; i++)
        {
            shift[i + offset] = mean[i];

            // A coordinate that does not move (σ = 0) keeps unit scale rather than dividing by ~0.
            scale[i + offset] = std[i] > 1e-12 * Math.Max(1, Math.Abs(mean[i])) ? std[i] : 1.0;
        }

        return new InputNormalization(shift, scale);
    }
}
