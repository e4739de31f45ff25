using NeuralHjb.Control;
using NeuralHjb.Tensors;

namespace NeuralHjb.Problems.Pde;

/// <summary>Parameters of <see cref="HjbLq"/>; defaults are Han–Jentzen–E's benchmark (REFERENCES section 6).</summary>
public sealed record HjbLqParameters
{
    /// <summary>Gets d. Default 100.</summary>
    public int Dimension { get; init; } = 100;

    /// <summary>Gets λ ≥ 0, the control cost weight. Default 1.</summary>
    public double Lambda { get; init; } = 1;

    /// <summary>Gets T. Default 1.</summary>
    public double Horizon { get; init; } = 1;

    /// <summary>Gets the value of every coordinate of x₀. Default 0.</summary>
    public double InitialValue { get; init; }

    /// <summary>Checks every parameter.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Naming the parameter and the rule it breaks.</exception>
    public void Validate()
    {
        Guard.PositiveCount(Dimension, "dimension");
        Guard.NonNegative(Lambda, "lambda");
        Guard.Positive(Horizon, "horizon");
        Guard.Finite(InitialValue, "initialValue");
    }
}

/// <summary>
/// The linear–quadratic–Gaussian HJB benchmark: u_t + Δu − λ|∇u|² = 0, u(T, x) = g(x) = ln((1 + |x|²)/2).
/// Forward process X = x₀ + σW with σ = √2 (μ = 0), so ½ tr(σσᵀ∇²u) = Δu. With Z = σᵀ∇u = √2 ∇u,
/// |∇u|² = |Z|²/2 and the generator is f(t, x, y, z) = −λ|z|²/2. Reference (Cole–Hopf):
/// u(t, x) = −(1/λ) ln E[exp(−λ g(x + √2 W_{T−t}))]; u(0, 0) ≈ 4.5901 for d = 100, λ = 1, T = 1.
/// </summary>
public sealed class HjbLq : DiagonalSemilinearPde
{
    /// <summary>σ = √2.</summary>
    public static readonly double Sigma = Math.Sqrt(2);

    /// <summary>Creates the problem.</summary>
    /// <param name="parameters">The parameters, or null for the defaults.</param>
    public HjbLq(HjbLqParameters? parameters = null)
        : this(Checked(parameters ?? new HjbLqParameters()), validated: true)
    {
    }

    private HjbLq(HjbLqParameters p, bool validated)
        : base("hjb-lq", p.Dimension, p.Horizon, Enumerable.Repeat(p.InitialValue, p.Dimension).ToArray())
    {
        _ = validated;
        Parameters = p;
    }

    /// <summary>Gets the parameters.</summary>
    public HjbLqParameters Parameters { get; }

    /// <inheritdoc />
    public override Tensor Drift(Tensor t, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Tensor.ZerosLike(x);
    }

    /// <inheritdoc />
    public override Tensor Diffusion(Tensor t, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Tensor.Full(x.Shape, Sigma, x.DType);
    }

    /// <inheritdoc />
    public override Tensor DiffusionTimes(Tensor t, Tensor x, Tensor w)
    {
        ArgumentNullException.ThrowIfNull(w);
        return w * Sigma;
    }

    /// <inheritdoc />
    public override Tensor DiffusionTransposeTimes(Tensor t, Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(y);
        return y * Sigma;
    }

    /// <inheritdoc />
    public override Tensor ForwardStep(Tensor t, Tensor x, double dt, Tensor dW)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(dW);
        return x + (dW * Sigma);
    }

    /// <inheritdoc />
    public override GeneratorArguments GeneratorArguments => GeneratorArguments.Gradient;

    /// <inheritdoc />
    public override Tensor Generator(Tensor t, Tensor x, Tensor y, Tensor z)
    {
        ArgumentNullException.ThrowIfNull(z);
        return z.Square().Sum(1, keepDim: true) * (-0.5 * Parameters.Lambda);
    }

    /// <inheritdoc />
    public override Tensor Terminal(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return ((x.Square().Sum(1, keepDim: true) + 1.0) * 0.5).Log();
    }

    private static HjbLqParameters Checked(HjbLqParameters p)
    {
        p.Validate();
        return p;
    }
}
