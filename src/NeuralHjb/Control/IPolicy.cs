using NeuralHjb.Tensors;

namespace NeuralHjb.Control;

/// <summary>A feedback control u(t, x[, p]) over a batch.</summary>
public interface IPolicy
{
    /// <summary>Evaluates the control.</summary>
    /// <param name="t">Time: zero-dimensional or [batch, 1].</param>
    /// <param name="x">State [batch, d].</param>
    /// <param name="preferences">Per-sample parameter values, or null.</param>
    /// <returns>u [batch, c].</returns>
    Tensor Control(Tensor t, Tensor x, PreferenceBatch? preferences = null);
}
