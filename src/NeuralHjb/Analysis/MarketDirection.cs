namespace NeuralHjb.Analysis;

/// <summary>Which way a trading day went: its close against its arrival (opening) price.</summary>
public enum MarketDirection
{
    /// <summary>The close is above the arrival price.</summary>
    Up,

    /// <summary>The close is below the arrival price.</summary>
    Down,

    /// <summary>The close equals the arrival price.</summary>
    Flat,
}
