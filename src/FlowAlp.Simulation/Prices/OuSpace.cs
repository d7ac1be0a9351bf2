namespace FlowAlp.Simulation.Prices;

/// <summary>What an <see cref="OrnsteinUhlenbeckPath"/> mean-reverts.</summary>
public enum OuSpace
{
    /// <summary>The price level itself: X = S, vol in price units per √year; the price can touch the 1e-8 floor.</summary>
    Price,

    /// <summary>The log price: X = ln S, mean ln(meanLevel), vol relative (like a GBM's); the price stays positive.</summary>
    LogPrice,
}
