using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.Pinn;

/// <summary>
/// A value function and its input derivatives at a batch of points, all differentiable with respect
/// to the network parameters (computed with <c>createGraph</c>), as the HJB residual needs them.
/// </summary>
/// <param name="Time">t [batch, 1] (a leaf that requires gradients).</param>
/// <param name="State">x [batch, d] (requires gradients).</param>
/// <param name="Value">V(t, x) [batch, 1].</param>
/// <param name="TimeDerivative">∂V/∂t [batch, 1], or null when it was not requested.</param>
/// <param name="Gradient">∇ₓV [batch, d].</param>
/// <param name="Hessian">
/// ∇²ₓV restricted to the entries the problem's diffusion reads: [batch, d, d] (zero outside the needed
/// rows), its diagonal [batch, d], or null when the problem has no diffusion or it was not requested.
/// </param>
public sealed record ValueDerivatives(Tensor Time, Tensor State, Tensor Value, Tensor? TimeDerivative, Tensor Gradient, Tensor? Hessian);
