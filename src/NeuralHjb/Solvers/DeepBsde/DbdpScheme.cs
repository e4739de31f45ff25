namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>The two deep backward dynamic programming schemes of Huré, Pham and Warin (2020).</summary>
public enum DbdpScheme
{
    /// <summary>DBDP1: each step's network has d + 1 outputs, Uᵢ and a separately fitted Zᵢ.</summary>
    Dbdp1,

    /// <summary>
    /// DBDP2: each step's network outputs Uᵢ only and Zᵢ = σᵀ∇ₓUᵢ comes from automatic differentiation (the loss is
    /// then differentiated through that gradient). Z is tied to the value, at the cost of a second-order backward pass.
    /// </summary>
    Dbdp2,
}
