namespace NeuralHjb.MarketData;

/// <summary>One OHLCV bar: prices over an interval that starts at <see cref="Timestamp"/>.</summary>
/// <param name="Timestamp">Start of the bar, in exchange-local time with its UTC offset.</param>
/// <param name="Open">First traded price of the interval.</param>
/// <param name="High">Highest traded price; at least max(<paramref name="Open"/>, <paramref name="Close"/>) in valid data.</param>
/// <param name="Low">Lowest traded price; at most min(<paramref name="Open"/>, <paramref name="Close"/>) in valid data.</param>
/// <param name="Close">Last traded price of the interval.</param>
/// <param name="Volume">Traded quantity (shares or contracts; fractional quantities allowed), ≥ 0.</param>
public readonly record struct MarketBar(DateTimeOffset Timestamp, double Open, double High, double Low, double Close, double Volume)
{
    /// <summary>The typical price (<see cref="High"/> + <see cref="Low"/> + <see cref="Close"/>) / 3.</summary>
    public double TypicalPrice => (High + Low + Close) / 3.0;

    /// <summary>The exchange-local calendar date of <see cref="Timestamp"/> (the date in its own offset).</summary>
    public DateOnly LocalDate => DateOnly.FromDateTime(Timestamp.DateTime);
}
