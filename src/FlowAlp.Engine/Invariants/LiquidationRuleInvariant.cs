using FlowAlp.Protocol.Health;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Core;

namespace FlowAlp.Engine.Invariants;

/// <summary>
/// Every accepted liquidation satisfied §6.1 when it was applied, judged from the position's state just before: health
/// below 1 (step 6), and the post-health estimate with oracle prices (step 9) at most the liquidation target.
/// </summary>
internal sealed class LiquidationRuleInvariant : IInvariant
{
    public string Key => "liquidationRule";

    public void Check(PoolCore core, InvariantInput input, List<string> violations)
    {
        foreach (var l in input.Liquidations)
        {
            var o = l.Offer;
            var sheet = l.Before.Sheet();
            if (sheet.Health >= UFix128.One)
            {
                violations.Add($"liquidation §6: position {o.Position} at {l.Time.Floor} s was liquidated at health {sheet.Health} (not below 1)");
                continue;
            }
            var c = l.Before.Tokens[o.SeizeToken];
            var d = l.Before.Tokens[o.DebtToken];
            if (PostLiquidationHealth.TryOf(sheet, o.SeizeAmount, c, o.RepayAmount, d) is not { } post)
                violations.Add($"liquidation §6: position {o.Position} at {l.Time.Floor} s was liquidated for more than it held (the post-health estimate underflows; the contract reverts)");
            else if (post > l.Target)
                violations.Add($"liquidation §6: position {o.Position} at {l.Time.Floor} s left at estimated health {post}, above the target {l.Target}");
        }
    }
}
