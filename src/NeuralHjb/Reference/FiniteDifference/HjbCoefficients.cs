namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>
/// The coefficients of the controlled generator at one (t, x, y, u):
/// <c>L^u V + f = b_x V_x + b_y V_y + ½ a_xx V_xx + ½ a_yy V_yy + a_xy V_xy + c V + f</c>,
/// where <c>a = σσᵀ</c>. One-dimensional problems leave the y entries at zero.
/// </summary>
/// <remarks>
/// The zeroth-order coefficient <see cref="ZerothOrder"/> carries discounting (<c>c = −ρ</c>) and the
/// multiplicative terms that appear after a similarity reduction (e.g. <c>V = x^p ψ</c>). The implicit step
/// stays an M-matrix only while <c>1 − Δt·c &gt; 0</c>, so a positive <c>c</c> needs small enough steps.
/// </remarks>
public readonly record struct HjbCoefficients
{
    /// <summary>Drift of x, <c>b_x</c>.</summary>
    public double DriftX { get; init; }

    /// <summary>Drift of y, <c>b_y</c> (2-D only).</summary>
    public double DriftY { get; init; }

    /// <summary>Diffusion <c>a_xx = (σσᵀ)_xx ≥ 0</c>.</summary>
    public double Axx { get; init; }

    /// <summary>Diffusion <c>a_yy ≥ 0</c> (2-D only).</summary>
    public double Ayy { get; init; }

    /// <summary>Covariance <c>a_xy</c>, with <c>a_xy² ≤ a_xx a_yy</c> (2-D only).</summary>
    public double Axy { get; init; }

    /// <summary>Coefficient c of the zeroth-order term <c>c·V</c>.</summary>
    public double ZerothOrder { get; init; }

    /// <summary>Running reward (maximisation) or cost (minimisation) <c>f</c>.</summary>
    public double Reward { get; init; }
}
