namespace FlowAlp.Engine.Dex.Concentrated;

/// <summary>
/// A liquidity position over [lower, upper): its liquidity, the fee growth inside the range when it was last
/// updated, and the tokens owed to it (burnt principal and fees) not yet collected.
/// </summary>
public sealed class RangePosition
{
    public UInt128 Liquidity { get; internal set; }
    public U256 FeeGrowthInside0LastX128 { get; internal set; }
    public U256 FeeGrowthInside1LastX128 { get; internal set; }
    public UInt128 TokensOwed0 { get; internal set; }
    public UInt128 TokensOwed1 { get; internal set; }

    internal RangePosition Copy() => (RangePosition)MemberwiseClone();
}
