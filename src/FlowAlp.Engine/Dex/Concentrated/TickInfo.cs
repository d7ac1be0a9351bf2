namespace FlowAlp.Engine.Dex.Concentrated;

/// <summary>
/// An initialized tick: the liquidity referencing it (gross, to know when it can be cleared), the liquidity added
/// when the price crosses it upwards (net, negative at a range's upper end) and the fee growth on the side of it
/// away from the current price (v3's feeGrowthOutside, flipped on every crossing).
/// </summary>
public sealed class TickInfo
{
    public UInt128 LiquidityGross { get; internal set; }
    public Int128 LiquidityNet { get; internal set; }
    public U256 FeeGrowthOutside0X128 { get; internal set; }
    public U256 FeeGrowthOutside1X128 { get; internal set; }

    internal TickInfo Copy() => (TickInfo)MemberwiseClone();
}
