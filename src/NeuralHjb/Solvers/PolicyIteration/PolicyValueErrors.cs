namespace NeuralHjb.Solvers.PolicyIteration;

/// <summary>Errors of a learned policy and value against a reference on a grid of points.</summary>
/// <param name="PolicyRelativeL2">‖u − u_ref‖₂ / ‖u_ref‖₂.</param>
/// <param name="ValueRelativeL2">‖V − V_ref‖₂ / ‖V_ref‖₂ (values in the reference's sign: expected utility).</param>
/// <param name="PolicyMaxRelative">max |u − u_ref| / |u_ref| (points with u_ref = 0 skipped).</param>
/// <param name="ValueMaxRelative">max |V − V_ref| / max |V_ref| (scaled by the largest value, so a value crossing zero does not blow up).</param>
/// <param name="Points">How many grid points were compared.</param>
public sealed record PolicyValueErrors(double PolicyRelativeL2, double ValueRelativeL2, double PolicyMaxRelative, double ValueMaxRelative, int Points)
{
    /// <summary>Accumulates errors point by point.</summary>
    internal sealed class Accumulator
    {
        private double _du2, _u2, _dv2, _v2, _duRel, _dvMax, _vMax;
        private int _n;

        public void Add(double u, double uRef, double v, double vRef)
        {
            _du2 += (u - uRef) * (u - uRef);
            _u2 += uRef * uRef;
            _dv2 += (v - vRef) * (v - vRef);
            _v2 += vRef * vRef;
            if (uRef != 0)
            {
                _duRel = Math.Max(_duRel, Math.Abs(u - uRef) / Math.Abs(uRef));
            }

            _dvMax = Math.Max(_dvMax, Math.Abs(v - vRef));
            _vMax = Math.Max(_vMax, Math.Abs(vRef));
            _n++;
        }

        public PolicyValueErrors Result() => new(Math.Sqrt(_du2 / _u2), Math.Sqrt(_dv2 / _v2), _duRel, _dvMax / _vMax, _n);
    }
}
