using NeuralHjb.Problems.Portfolio;
using NeuralHjb.Reference.FiniteDifference;

namespace NeuralHjb.Solvers.PolicyIteration;

/// <summary>The finite-difference solution of the costs-and-liquidity model, read as π(t, x, l) and expected utility V(t, x, l).</summary>
public sealed class LiquidityFdReference
{
    private readonly HjbSolution? _twoD;
    private readonly HjbSolution? _reduced;

    internal LiquidityFdReference(HjbSolution? twoD, HjbSolution? reduced, MertonWithCostsAndLiquidityParameters parameters)
    {
        _twoD = twoD;
        _reduced = reduced;
        Parameters = parameters;
    }

    /// <summary>Gets the parameters that were solved.</summary>
    public MertonWithCostsAndLiquidityParameters Parameters { get; }

    /// <summary>Gets the underlying solution (2-D, or the 1-D reduction in l for power/log utility).</summary>
    public HjbSolution Solution => _twoD ?? _reduced!;

    /// <summary>The optimal fraction π*(t, x, l).</summary>
    /// <param name="t">Time.</param>
    /// <param name="x">Wealth.</param>
    /// <param name="l">Illiquidity.</param>
    /// <returns>π* ∈ [0, 1].</returns>
    public double Control(double t, double x, double l) => _twoD?.Control(t, x, l) ?? _reduced!.Control(t, l);

    /// <summary>The value (expected utility) V(t, x, l).</summary>
    /// <param name="t">Time.</param>
    /// <param name="x">Wealth.</param>
    /// <param name="l">Illiquidity.</param>
    /// <returns>V.</returns>
    public double Value(double t, double x, double l)
    {
        if (_twoD is not null)
        {
            return _twoD.Value(t, x, l);
        }

        return LiquidityCostFdProblems.ValueFromReduced(Parameters.Utility, Parameters.PowerExponent, x, _reduced!.Value(t, l));
    }
}
