using NeuralHjb.Control;
using NeuralHjb.Tensors;

namespace NeuralHjb.Problems.Pde;

/// <summary>Parameters of <see cref="AllenCahn"/>; defaults are Han–Jentzen–E's benchmark (REFERENCES section 6).</summary>
public sealed record AllenCahnParameters
{
    /// <summary>Gets d. Default 100.</summary>
    public int Dimension { get; init; } = 100;

    /// <summary>Gets T. Default 0.3.</summary>
    public double Horizon { get; init; } = 0.3;

    /// <summary>Gets the value of every coordinate of x₀. Default 0.</summary>
    public double InitialValue { get; init; }

    /// <summary>Checks every parameter.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Naming the parameter and the rule it breaks.</exception>
    public void Validate()
    {
        Guard.PositiveCount(Dimension, "dimension");
        Guard.Positive(Horizon, "horizon");
        Guard.Finite(InitialValue, "initialValue");
    }
}

/// <summary>
/// The Allen–Cahn benchmark: u_t + Δu + u − u³ = 0, u(T, x) = 0.5/(1 + 0.2|x|²). Forward process
/// X = x₀ + √2 W (μ = 0, σ = √2 I), generator f(t, x, y, z) = y − y³. Reference u(0, 0) ≈ 0.052802
/// for d = 100, T = 0.3.
/// </summary>
public sealed class AllenCahn : DiagonalSemilinearPde
{
    /// <summary>Creates the problem.</summary>
    /// <param name="parameters">The parameters, or null for the defaults.</param>
    public AllenCahn(AllenCahnParameters? parameters = null)
        : this(Checked(parameters ?? new AllenCahnParameters()), validated: true)
    {
    }

    private AllenCahn(AllenCahnParameters p, bool validated)
        : base("allen-cahn", p.Dimension, p.Horizon, Enumerable.Repeat(p.InitialValue, p.Dimension).ToArray())
    {
        _ = validated;
        Parameters = p;
    }

    /// <summary>Gets the parameters.</summary>
    public AllenCahnParameters Parameters { get; }

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
        return Tensor.Full(x.Shape, HjbLq.Sigma, x.DType);
    }

    /// <inheritdoc />
    public override Tensor DiffusionTimes(Tensor t, Tensor x, Tensor w)
    {
        ArgumentNullException.ThrowIfNull(w);
        return w * HjbLq.Sigma;
    }

    /// <inheritdoc />
    public override Tensor DiffusionTransposeTimes(Tensor t, Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(y);
        return y * HjbLq.Sigma;
    }

    /// <inheritdoc />
    public override Tensor ForwardStep(Tensor t, Tensor x, double dt, Tensor dW)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(dW);
        return x + (dW * HjbLq.Sigma);
    }

    /// <inheritdoc />
    public override GeneratorArguments GeneratorArguments => GeneratorArguments.Value;

    /// <inheritdoc />
    public override Tensor Generator(Tensor t, Tensor x, Tensor y, Tensor z)
    {
        ArgumentNullException.ThrowIfNull(y);
        return y - (y.Square() * y);
    }

    /// <inheritdoc />
    public override Tensor Terminal(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return ((x.Square().Sum(1, keepDim: true) * 0.2) + 1.0).RDiv(0.5);
    }

    private static AllenCahnParameters Checked(AllenCahnParameters p)
    {
        p.Validate();
        return p;
    }
}
