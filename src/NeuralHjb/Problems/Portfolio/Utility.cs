using NeuralHjb.Control;
using NeuralHjb.Tensors;

namespace NeuralHjb.Problems.Portfolio;

/// <summary>A utility of terminal wealth U(x); portfolio problems minimise the cost −U(X_T).</summary>
public enum UtilityKind
{
    /// <summary>U(x) = x^p / p with p &lt; 1, p ≠ 0 (constant relative risk aversion 1 − p); x &gt; 0.</summary>
    Power,

    /// <summary>U(x) = ln x (the limit p → 0); x &gt; 0.</summary>
    Log,

    /// <summary>U(x) = −e^{−γx}/γ with γ &gt; 0 (constant absolute risk aversion γ).</summary>
    Exponential,
}

/// <summary>Evaluation and validation of <see cref="UtilityKind"/> utilities.</summary>
internal static class Utility
{
    /// <summary>Preference name of the power exponent p.</summary>
    public const string PowerPreference = "p";

    /// <summary>Preference name of the absolute risk aversion γ.</summary>
    public const string GammaPreference = "gamma";

    public static void Validate(UtilityKind kind, double powerExponent, double riskAversion)
    {
        if (!Enum.IsDefined(kind))
        {
            throw Guard.OutOfRange("utility", kind, "utility must be Power, Log or Exponential.");
        }

        if (kind == UtilityKind.Power && (!double.IsFinite(powerExponent) || powerExponent >= 1 || powerExponent == 0))
        {
            throw Guard.OutOfRange("powerExponent", powerExponent, $"powerExponent must be finite, below 1 and non-zero (got {Guard.Format(powerExponent)}).");
        }

        if (kind == UtilityKind.Exponential)
        {
            Guard.Positive(riskAversion, "riskAversion");
        }

        // The parameter the chosen utility does not use must still be a number: a NaN there is a
        // caller's mistake that would otherwise surface only when the utility is switched.
        Guard.Finite(powerExponent, "powerExponent");
        Guard.Finite(riskAversion, "riskAversion");
    }

    public static PreferenceSpec[]? Preferences(UtilityKind kind) => kind switch
    {
        UtilityKind.Power => [new PreferenceSpec(PowerPreference, 0.1, 0.9, "p, exponent of the power utility x^p/p")],
        UtilityKind.Exponential => [new PreferenceSpec(GammaPreference, 0.1, 5, "γ, absolute risk aversion (1/currency)")],
        _ => null,
    };

    /// <summary>U(x) for x [batch, 1].</summary>
    public static Tensor Evaluate(UtilityKind kind, Tensor x, double powerExponent, double riskAversion, PreferenceBatch? preferences)
    {
        switch (kind)
        {
            case UtilityKind.Log:
                return x.Log();
            case UtilityKind.Power:
                if (!PreferenceBatch.IsPerSample(preferences, PowerPreference))
                {
                    return x.Pow(powerExponent) / powerExponent;
                }

                var p = PreferenceBatch.Resolve(preferences, PowerPreference, powerExponent, x.DType);
                return x.Pow(p) / p;
            default:
                var gamma = PreferenceBatch.Resolve(preferences, GammaPreference, riskAversion, x.DType);
                return (gamma * x).Neg().Exp().Neg() / gamma;
        }
    }
}
