namespace NeuralHjb.Solvers.Pinn;

/// <summary>How a PINN uses the value symmetry a problem declares (<c>ControlProblem.Symmetry</c>).</summary>
public enum SymmetryMode
{
    /// <summary>Ignore it.</summary>
    Off,

    /// <summary>The soft penalty mean [V(t, x) − V(t, T(x))]² (the MT-PINN paper's).</summary>
    Penalty,

    /// <summary>
    /// Exactly, by construction: the network output is averaged over x and T(x) (one more forward
    /// pass). Preferable when T(x) leaves the domain (Gatheral–Schied maps S to −S): the penalty then
    /// asks the network to fit a mirror image it never otherwise needs.
    /// </summary>
    Hard,
}
