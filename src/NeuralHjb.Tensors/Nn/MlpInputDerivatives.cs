using NeuralHjb.Tensors;

namespace NeuralHjb.Nn;

/// <summary>
/// A scalar network's value and input derivatives over a batch, from <see cref="Mlp.ForwardWithInputDerivatives"/>.
/// All three are differentiable with respect to the network's parameters and its input.
/// </summary>
/// <param name="Value">V(x), [batch, 1].</param>
/// <param name="Gradient">∂V/∂x_c for each requested gradient column c, in the order requested, [batch, k].</param>
/// <param name="SecondDiagonal">∂²V/∂x_c² for each requested second-diagonal column c, in the order requested, [batch, m].</param>
public sealed record MlpInputDerivatives(Tensor Value, Tensor Gradient, Tensor SecondDiagonal);
