using NeuralHjb.Control;
using NeuralHjb.Tensors;

namespace NeuralHjb.Tests.Solvers.DeepBsde;

// u_t + ½Δu − r u = 0, u(T, x) = |x|²: f(t, x, y, z) = −r y reads y, so the solvers take their
// sequential path. u(t, x) = e^{−r(T−t)} (|x|² + d(T − t)), so u(0, 0) = e^{−rT} d T.
public sealed class DiscountedHeatEquation(int dimension, double horizon, double rate)
    : DiagonalSemilinearPde("discounted-heat", dimension, horizon, new double[dimension])
{
    public double Exact => Math.Exp(-rate * Horizon) * Dimension * Horizon;

    public override Tensor Drift(Tensor t, Tensor x) => Tensor.ZerosLike(x);

    public override Tensor Diffusion(Tensor t, Tensor x) => Tensor.OnesLike(x);

    public override GeneratorArguments GeneratorArguments => GeneratorArguments.Value;

    public override Tensor Generator(Tensor t, Tensor x, Tensor y, Tensor z) => y * -rate;

    public override Tensor Terminal(Tensor x) => x.Square().Sum(1, keepDim: true);
}
