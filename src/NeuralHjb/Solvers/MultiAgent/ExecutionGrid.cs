namespace NeuralHjb.Solvers.MultiAgent;

/// <summary>What an execution agent's grid of controls discretises (the solver reports trade rates either way).</summary>
public enum ExecutionGrid
{
    /// <summary>
    /// The holding αᵢⱼ + vᵢⱼ dt each grid point leaves after the step's trade (shares); the trade rate is
    /// (target − αᵢⱼ)/dt. Equivalently a rate grid centred on the rate −αᵢⱼ/dt that closes the position, so the grid
    /// moves with the state. The default: the rate the optimum needs, (a* − α)/dt, changes with the holding by 1/dt,
    /// and on a fixed rate grid the moments' shape over the grid shifts with every state, which the regression fits
    /// far less precisely (the no-impact check drops from about 6 % to about 1 %).
    /// </summary>
    Holdings,

    /// <summary>Trade rates vᵢⱼ (shares per unit time) on a grid fixed in advance, as published.</summary>
    TradeRates,
}
