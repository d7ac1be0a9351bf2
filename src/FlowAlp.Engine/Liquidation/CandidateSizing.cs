using FlowAlp.Engine.Dex;
using FlowAlp.Protocol.Health;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Engine.Liquidation;

/// <summary>
/// One liquidation candidate's work in a block, shared by the liquidators that look at it: its balance sheet, and its
/// offer sized per discount (<see cref="LiquidationOfferBuilder.Size"/> is pure, and within a block the snapshot, DEX
/// view and target health are the same for every liquidator).
/// </summary>
public sealed class CandidateSizing(BalanceSheet sheet)
{
    private List<(ushort Bps, LiquidationSizing? Sizing)>? _sized;

    public BalanceSheet Sheet { get; } = sheet;

    public LiquidationSizing? Size(PositionSnapshot candidate, ConstantProductAmm dex, UFix128 targetHealth, ushort discountBps)
    {
        if (_sized is not null)
            foreach (var (bps, sizing) in _sized)
                if (bps == discountBps) return sizing;
        var z = LiquidationOfferBuilder.Size(candidate, dex, targetHealth, discountBps, Sheet);
        (_sized ??= new List<(ushort, LiquidationSizing?)>(1)).Add((discountBps, z));
        return z;
    }
}
