using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Control;

/// <summary>How <see cref="IDynamics.Diffusion"/> lays out σ(t, x, u).</summary>
public enum DiffusionForm
{
    /// <summary>The full matrix: [batch, d, m].</summary>
    Full,

    /// <summary>A diagonal matrix given by its diagonal: [batch, d], with m = d.</summary>
    Diagonal,
}

/// <summary>
/// A controlled SDE dX = b(t, X, u) dt + σ(t, X, u) dW with X ∈ ℝᵈ, u ∈ ℝᶜ and W an m-dimensional
/// standard Brownian motion (independent components: correlation between the model's drivers is
/// built into σ through a Cholesky factor). All tensor functions work over a batch: t is a
/// zero-dimensional tensor or [batch, 1], x is [batch, d], u is [batch, c]; results follow the
/// dtype of x and stay differentiable with respect to every input.
/// </summary>
public interface IDynamics
{
    /// <summary>Gets d, the number of state coordinates.</summary>
    int StateDimension { get; }

    /// <summary>Gets c, the number of control coordinates.</summary>
    int ControlDimension { get; }

    /// <summary>Gets m, the number of independent Brownian drivers.</summary>
    int NoiseDimension { get; }

    /// <summary>Gets the layout <see cref="Diffusion"/> returns.</summary>
    DiffusionForm DiffusionForm { get; }

    /// <summary>Gets the training domain (a box with named coordinates and units).</summary>
    StateDomain Domain { get; }

    /// <summary>The drift b(t, x, u).</summary>
    /// <param name="t">Time: zero-dimensional or [batch, 1].</param>
    /// <param name="x">State [batch, d].</param>
    /// <param name="u">Control [batch, c].</param>
    /// <param name="preferences">Per-sample parameter values, or null.</param>
    /// <returns>[batch, d].</returns>
    Tensor Drift(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null);

    /// <summary>The diffusion σ(t, x, u): [batch, d, m], or [batch, d] when <see cref="DiffusionForm"/> is diagonal.</summary>
    /// <param name="t">Time: zero-dimensional or [batch, 1].</param>
    /// <param name="x">State [batch, d].</param>
    /// <param name="u">Control [batch, c].</param>
    /// <param name="preferences">Per-sample parameter values, or null.</param>
    /// <returns>σ in the layout of <see cref="DiffusionForm"/>.</returns>
    Tensor Diffusion(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null);

    /// <summary>The product σ(t, x, u) w for w [batch, m] (without forming σ where the model allows).</summary>
    /// <param name="t">Time: zero-dimensional or [batch, 1].</param>
    /// <param name="x">State [batch, d].</param>
    /// <param name="u">Control [batch, c].</param>
    /// <param name="w">Vectors [batch, m] (e.g. Brownian increments).</param>
    /// <param name="preferences">Per-sample parameter values, or null.</param>
    /// <returns>[batch, d].</returns>
    Tensor DiffusionTimes(Tensor t, Tensor x, Tensor u, Tensor w, PreferenceBatch? preferences = null);

    /// <summary>The product σ(t, x, u)ᵀ y for y [batch, d] (e.g. σᵀ∇V, the Z of a BSDE).</summary>
    /// <param name="t">Time: zero-dimensional or [batch, 1].</param>
    /// <param name="x">State [batch, d].</param>
    /// <param name="u">Control [batch, c].</param>
    /// <param name="y">Vectors [batch, d].</param>
    /// <param name="preferences">Per-sample parameter values, or null.</param>
    /// <returns>[batch, m].</returns>
    Tensor DiffusionTransposeTimes(Tensor t, Tensor x, Tensor u, Tensor y, PreferenceBatch? preferences = null);

    /// <summary>
    /// One Euler–Maruyama step x + b(t, x, u) dt + σ(t, x, u) dW; differentiable, so rollouts
    /// backpropagate through it.
    /// </summary>
    /// <param name="t">Time at the start of the step: zero-dimensional or [batch, 1].</param>
    /// <param name="x">State [batch, d].</param>
    /// <param name="u">Control [batch, c].</param>
    /// <param name="dt">Step length (positive).</param>
    /// <param name="dW">Independent Brownian increments [batch, m] with variance dt each (see <see cref="SampleIncrements"/>).</param>
    /// <param name="preferences">Per-sample parameter values, or null.</param>
    /// <returns>The state after the step, [batch, d].</returns>
    Tensor Step(Tensor t, Tensor x, Tensor u, double dt, Tensor dW, PreferenceBatch? preferences = null);

    /// <summary>Independent Brownian increments N(0, dt·I) of shape [count, m].</summary>
    /// <param name="count">Batch size.</param>
    /// <param name="dt">Step length (positive).</param>
    /// <param name="generator">Random source.</param>
    /// <param name="dtype">Element type.</param>
    /// <returns>[count, m].</returns>
    Tensor SampleIncrements(int count, double dt, Philox generator, DType dtype = DType.Float32);

    /// <summary>Initial states: the problem's starting point repeated, or uniform draws from its initial box.</summary>
    /// <param name="count">Batch size.</param>
    /// <param name="generator">Random source.</param>
    /// <param name="dtype">Element type.</param>
    /// <returns>[count, d].</returns>
    Tensor SampleInitialState(int count, Philox generator, DType dtype = DType.Float32);

    /// <summary>Uniform draws from the training domain <see cref="Domain"/>.</summary>
    /// <param name="count">Batch size.</param>
    /// <param name="generator">Random source.</param>
    /// <param name="dtype">Element type.</param>
    /// <returns>[count, d].</returns>
    Tensor SampleDomain(int count, Philox generator, DType dtype = DType.Float32);
}
