using NeuralHjb.Control;
using NeuralHjb.Tensors;

namespace NeuralHjb.Tests.Solvers.DeepBsde;

// The "write your own PDE" example of docs/solvers/deep-bsde.md, kept verbatim so it cannot rot.
// u_t + ½Δu = 0, u(T, x) = |x|²: X = x₀ + W, f = 0, and u(t, x) = |x|² + d(T − t), so u(0, 0) = d·T.
public sealed class HeatEquation(int dimension, double horizon)
    : DiagonalSemilinearPde("heat", dimension, horizon, new double[dimension])
{
    public override Tensor Drift(Tensor t, Tensor x) => Tensor.ZerosLike(x);

    public override Tensor Diffusion(Tensor t, Tensor x) => Tensor.OnesLike(x);

    // f reads neither y nor z: solvers may evaluate it for all time steps at once.
    public override GeneratorArguments GeneratorArguments => GeneratorArguments.None;

    public override Tensor Generator(Tensor t, Tensor x, Tensor y, Tensor z) => Tensor.ZerosLike(y);

    public override Tensor Terminal(Tensor x) => x.Square().Sum(1, keepDim: true);
}
