namespace YourOwnProblem;

/// <summary>
/// The exact solution of <see cref="ExposureModel"/>: V(t, x) = ½ a(t) x² + ½ c(t) with the Riccati
/// equation a' = a²/r − q, a(T) = p, and c' = −σ² a, c(T) = 0; the optimal hedge is u* = −a(t) x / r.
/// Integrated backwards with fine RK4 steps (accurate to ~1e-12 here).
/// </summary>
public sealed class RiccatiReference
{
    private const int Steps = 20_000;
    private readonly double[] _a = new double[Steps + 1];
    private readonly double[] _c = new double[Steps + 1];

    public RiccatiReference(ExposureModel model, double horizon)
    {
        ArgumentNullException.ThrowIfNull(model);
        Horizon = horizon;
        var h = horizon / Steps;
        double Fa(double a) => (a * a / model.R) - model.Q;
        _a[Steps] = model.P;
        _c[Steps] = 0;
        for (var k = Steps; k > 0; k--)
        {
            // Backwards in time: y(t − h) = y(t) − h y'(t); c' depends on a only.
            var a = _a[k];
            var k1 = Fa(a);
            var k2 = Fa(a - (0.5 * h * k1));
            var k3 = Fa(a - (0.5 * h * k2));
            var k4 = Fa(a - (h * k3));
            _a[k - 1] = a - (h / 6 * (k1 + (2 * k2) + (2 * k3) + k4));
            var aMid = 0.5 * (_a[k] + _a[k - 1]);
            _c[k - 1] = _c[k] + (h / 6 * model.Sigma * model.Sigma * (_a[k] + (4 * aMid) + _a[k - 1]));
        }

        R = model.R;
    }

    public double Horizon { get; }

    private double R { get; }

    /// <summary>a(t), the curvature of the value function.</summary>
    public double A(double t) => Interpolate(_a, t);

    /// <summary>V(t, x).</summary>
    public double Value(double t, double x) => 0.5 * ((A(t) * x * x) + Interpolate(_c, t));

    /// <summary>u*(t, x) = −a(t) x / r.</summary>
    public double Control(double t, double x) => -A(t) * x / R;

    private double Interpolate(double[] y, double t)
    {
        var s = Math.Clamp(t / Horizon, 0, 1) * Steps;
        var i = Math.Min((int)s, Steps - 1);
        var w = s - i;
        return ((1 - w) * y[i]) + (w * y[i + 1]);
    }
}
