using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Control;

/// <summary>
/// A semilinear parabolic PDE in the form used by deep-BSDE solvers:
/// u_t + μ(t, x)·∇u + ½ tr(σσᵀ(t, x) ∇²u) + f(t, x, u, σᵀ(t, x)∇u) = 0 on [0, T) × ℝᵈ, u(T, x) = g(x).
/// With the forward process dX = μ dt + σ dW, Yₜ = u(t, Xₜ) and Zₜ = σᵀ∇u(t, Xₜ) solve the BSDE
/// dY = −f(t, X, Y, Z) dt + Zᵀ dW, Y_T = g(X_T). Note the convention: the generator's last argument is
/// Z = σᵀ∇u, not ∇u.
/// </summary>
public interface ISemilinearPde
{
    /// <summary>Gets a short name (e.g. "hjb-lq").</summary>
    string Name { get; }

    /// <summary>Gets d (the noise is d-dimensional too).</summary>
    int Dimension { get; }

    /// <summary>Gets T.</summary>
    double Horizon { get; }

    /// <summary>Gets x₀, the point where u(0, x₀) is wanted.</summary>
    IReadOnlyList<double> InitialPoint { get; }

    /// <summary>Gets the layout <see cref="Diffusion"/> returns.</summary>
    DiffusionForm DiffusionForm { get; }

    /// <summary>The forward drift μ(t, x).</summary>
    /// <param name="t">Time: zero-dimensional or [batch, 1].</param>
    /// <param name="x">[batch, d].</param>
    /// <returns>[batch, d].</returns>
    Tensor Drift(Tensor t, Tensor x);

    /// <summary>The forward diffusion σ(t, x): [batch, d] when diagonal, else [batch, d, d].</summary>
    /// <param name="t">Time: zero-dimensional or [batch, 1].</param>
    /// <param name="x">[batch, d].</param>
    /// <returns>σ in the layout of <see cref="DiffusionForm"/>.</returns>
    Tensor Diffusion(Tensor t, Tensor x);

    /// <summary>σ(t, x) w.</summary>
    /// <param name="t">Time: zero-dimensional or [batch, 1].</param>
    /// <param name="x">[batch, d].</param>
    /// <param name="w">[batch, d].</param>
    /// <returns>[batch, d].</returns>
    Tensor DiffusionTimes(Tensor t, Tensor x, Tensor w);

    /// <summary>σ(t, x)ᵀ y (with y = ∇u this is Z).</summary>
    /// <param name="t">Time: zero-dimensional or [batch, 1].</param>
    /// <param name="x">[batch, d].</param>
    /// <param name="y">[batch, d].</param>
    /// <returns>[batch, d].</returns>
    Tensor DiffusionTransposeTimes(Tensor t, Tensor x, Tensor y);

    /// <summary>One step of the forward process (Euler–Maruyama unless the problem states otherwise).</summary>
    /// <param name="t">Time at the start of the step.</param>
    /// <param name="x">[batch, d].</param>
    /// <param name="dt">Step length.</param>
    /// <param name="dW">Brownian increments [batch, d] with variance dt.</param>
    /// <returns>[batch, d].</returns>
    Tensor ForwardStep(Tensor t, Tensor x, double dt, Tensor dW);

    /// <summary>The generator f(t, x, y, z).</summary>
    /// <param name="t">Time: zero-dimensional or [batch, 1].</param>
    /// <param name="x">[batch, d].</param>
    /// <param name="y">u values [batch, 1].</param>
    /// <param name="z">Z = σᵀ∇u, [batch, d].</param>
    /// <returns>[batch, 1].</returns>
    Tensor Generator(Tensor t, Tensor x, Tensor y, Tensor z);

    /// <summary>
    /// Gets which of y and z <see cref="Generator"/> reads. The default, <see cref="GeneratorArguments.ValueAndGradient"/>,
    /// is always correct; a problem whose f ignores y or z may say so, which lets solvers batch the work.
    /// </summary>
    GeneratorArguments GeneratorArguments => GeneratorArguments.ValueAndGradient;

    /// <summary>The terminal condition g(x).</summary>
    /// <param name="x">[batch, d].</param>
    /// <returns>[batch, 1].</returns>
    Tensor Terminal(Tensor x);

    /// <summary>Brownian increments N(0, dt·I), [count, d].</summary>
    /// <param name="count">Batch size.</param>
    /// <param name="dt">Step length.</param>
    /// <param name="generator">Random source.</param>
    /// <param name="dtype">Element type.</param>
    /// <returns>[count, d].</returns>
    Tensor SampleIncrements(int count, double dt, Philox generator, DType dtype = DType.Float64);

    /// <summary>x₀ repeated <paramref name="count"/> times.</summary>
    /// <param name="count">Batch size.</param>
    /// <param name="dtype">Element type.</param>
    /// <returns>[count, d].</returns>
    Tensor InitialStates(int count, DType dtype = DType.Float64);
}

/// <summary>Shared plumbing for <see cref="ISemilinearPde"/> with a diagonal diffusion.</summary>
public abstract class DiagonalSemilinearPde : ISemilinearPde
{
    private readonly ConstantTensor _x0;

    /// <summary>Initialises name, dimension, horizon and x₀.</summary>
    /// <param name="name">Short name.</param>
    /// <param name="dimension">d.</param>
    /// <param name="horizon">T.</param>
    /// <param name="initialPoint">x₀ (d values).</param>
    protected DiagonalSemilinearPde(string name, int dimension, double horizon, IReadOnlyList<double> initialPoint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(initialPoint);
        Name = name;
        Dimension = Guard.PositiveCount(dimension, nameof(dimension));
        Horizon = Guard.Positive(horizon, nameof(horizon));
        if (initialPoint.Count != dimension)
        {
            throw new ArgumentException($"initialPoint has {initialPoint.Count} values but the dimension is {dimension}.", nameof(initialPoint));
        }

        foreach (var v in initialPoint)
        {
            Guard.Finite(v, nameof(initialPoint));
        }

        InitialPoint = [.. initialPoint];
        _x0 = new ConstantTensor([.. initialPoint], 1, dimension);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int Dimension { get; }

    /// <inheritdoc />
    public double Horizon { get; }

    /// <inheritdoc />
    public IReadOnlyList<double> InitialPoint { get; }

    /// <inheritdoc />
    public DiffusionForm DiffusionForm => DiffusionForm.Diagonal;

    /// <inheritdoc />
    public abstract Tensor Drift(Tensor t, Tensor x);

    /// <inheritdoc />
    public abstract Tensor Diffusion(Tensor t, Tensor x);

    /// <inheritdoc />
    public virtual Tensor DiffusionTimes(Tensor t, Tensor x, Tensor w) => Diffusion(t, x) * w;

    /// <inheritdoc />
    public virtual Tensor DiffusionTransposeTimes(Tensor t, Tensor x, Tensor y) => Diffusion(t, x) * y;

    /// <inheritdoc />
    public virtual Tensor ForwardStep(Tensor t, Tensor x, double dt, Tensor dW)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x + (Drift(t, x) * dt) + DiffusionTimes(t, x, dW);
    }

    /// <inheritdoc />
    public abstract Tensor Generator(Tensor t, Tensor x, Tensor y, Tensor z);

    /// <inheritdoc />
    public virtual GeneratorArguments GeneratorArguments => GeneratorArguments.ValueAndGradient;

    /// <inheritdoc />
    public abstract Tensor Terminal(Tensor x);

    /// <inheritdoc />
    public Tensor SampleIncrements(int count, double dt, Philox generator, DType dtype = DType.Float64)
    {
        ArgumentNullException.ThrowIfNull(generator);
        Guard.Positive(dt, nameof(dt));
        return Tensor.Normal([Guard.PositiveCount(count, nameof(count)), Dimension], generator, 0, Math.Sqrt(dt), dtype);
    }

    /// <inheritdoc />
    public Tensor InitialStates(int count, DType dtype = DType.Float64)
        => _x0.For(dtype).Expand([Guard.PositiveCount(count, nameof(count)), Dimension]).Contiguous();
}
