using NeuralHjb.Control;
using NeuralHjb.Tensors;

namespace NeuralHjb.Problems.Pde;

/// <summary>
/// Parameters of <see cref="DefaultRisk"/>; defaults are Han–Jentzen–E's benchmark (REFERENCES section 6).
/// </summary>
public sealed record DefaultRiskParameters
{
    /// <summary>Gets d. Default 100.</summary>
    public int Dimension { get; init; } = 100;

    /// <summary>Gets T (years). Default 1.</summary>
    public double Horizon { get; init; } = 1;

    /// <summary>Gets the value of every coordinate of x₀ (currency). Default 100.</summary>
    public double InitialValue { get; init; } = 100;

    /// <summary>Gets σ̄, the volatility of each underlying (1/√year). Default 0.2.</summary>
    public double Sigma { get; init; } = 0.2;

    /// <summary>Gets μ̄, the drift of each underlying (1/year). Default 0.02.</summary>
    public double MuBar { get; init; } = 0.02;

    /// <summary>Gets R, the interest rate (1/year). Default 0.02.</summary>
    public double R { get; init; } = 0.02;

    /// <summary>Gets δ ∈ [0, 1], the recovery rate. Default 2/3.</summary>
    public double Delta { get; init; } = 2.0 / 3.0;

    /// <summary>Gets γʰ, the default intensity below vʰ (1/year). Default 0.2.</summary>
    public double GammaHigh { get; init; } = 0.2;

    /// <summary>Gets γˡ, the default intensity above vˡ (1/year). Default 0.02.</summary>
    public double GammaLow { get; init; } = 0.02;

    /// <summary>Gets vʰ, the value below which the intensity is γʰ (currency). Default 50.</summary>
    public double VHigh { get; init; } = 50;

    /// <summary>Gets vˡ &gt; vʰ, the value above which the intensity is γˡ (currency). Default 70.</summary>
    public double VLow { get; init; } = 70;

    /// <summary>Checks every parameter.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Naming the parameter and the rule it breaks.</exception>
    public void Validate()
    {
        Guard.PositiveCount(Dimension, "dimension");
        Guard.Positive(Horizon, "horizon");
        Guard.Positive(InitialValue, "initialValue");
        Guard.NonNegative(Sigma, "sigma");
        Guard.Finite(MuBar, "muBar");
        Guard.Finite(R, "R");
        Guard.InRange(Delta, 0, 1, "delta");
        Guard.NonNegative(GammaHigh, "gammaHigh");
        Guard.NonNegative(GammaLow, "gammaLow");
        Guard.Finite(VHigh, "vHigh");
        Guard.Finite(VLow, "vLow");
        if (!(VLow > VHigh))
        {
            throw Guard.OutOfRange("vLow", VLow, $"vLow must exceed vHigh (got vHigh = {Guard.Format(VHigh)}, vLow = {Guard.Format(VLow)}).");
        }
    }
}

/// <summary>
/// Black–Scholes pricing with default risk (Han–Jentzen–E 2018):
/// u_t + μ̄ x·∇u + (σ̄²/2) Σᵢ xᵢ² ∂²u/∂xᵢ² − (1 − δ) Q(u) u − R u = 0, u(T, x) = minᵢ xᵢ.
/// Forward process: geometric Brownian motion dXᵢ = μ̄ Xᵢ dt + σ̄ Xᵢ dWᵢ (independent), stepped, as in the
/// paper's code, by Euler: X ← (1 + μ̄ dt) X + σ̄ X ⊙ dW. Generator f(t, x, y, z) = −(1 − δ) Q(y) y − R y with
/// the piecewise-linear intensity Q(y) = γʰ for y &lt; vʰ, γˡ for y ≥ vˡ, and linear in between
/// (Q = γˡ + (γʰ − γˡ) clamp((vˡ − y)/(vˡ − vʰ), 0, 1)). Reference u(0, 100·𝟙) ≈ 57.300 for d = 100.
/// </summary>
public sealed class DefaultRisk : DiagonalSemilinearPde
{
    /// <summary>Creates the problem.</summary>
    /// <param name="parameters">The parameters, or null for the defaults.</param>
    public DefaultRisk(DefaultRiskParameters? parameters = null)
        : this(Checked(parameters ?? new DefaultRiskParameters()), validated: true)
    {
    }

    private DefaultRisk(DefaultRiskParameters p, bool validated)
        : base("default-risk", p.Dimension, p.Horizon, Enumerable.Repeat(p.InitialValue, p.Dimension).ToArray())
    {
        _ = validated;
        Parameters = p;
    }

    /// <summary>Gets the parameters.</summary>
    public DefaultRiskParameters Parameters { get; }

    /// <inheritdoc />
    public override Tensor Drift(Tensor t, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x * Parameters.MuBar;
    }

    /// <inheritdoc />
    public override Tensor Diffusion(Tensor t, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x * Parameters.Sigma;
    }

    /// <summary>The default intensity Q(y).</summary>
    /// <param name="y">Values [batch, 1].</param>
    /// <returns>[batch, 1].</returns>
    public Tensor Intensity(Tensor y)
    {
        ArgumentNullException.ThrowIfNull(y);
        var p = Parameters;
        var weight = (y.RSub(p.VLow) / (p.VLow - p.VHigh)).Clamp(0, 1);
        return (weight * (p.GammaHigh - p.GammaLow)) + p.GammaLow;
    }

    /// <inheritdoc />
    public override GeneratorArguments GeneratorArguments => GeneratorArguments.Value;

    /// <inheritdoc />
    public override Tensor Generator(Tensor t, Tensor x, Tensor y, Tensor z)
    {
        ArgumentNullException.ThrowIfNull(y);
        var p = Parameters;
        return ((Intensity(y) * (1 - p.Delta)) + p.R) * y.Neg();
    }

    /// <inheritdoc />
    public override Tensor Terminal(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.Min(1, keepDim: true);
    }

    private static DefaultRiskParameters Checked(DefaultRiskParameters p)
    {
        p.Validate();
        return p;
    }
}
