
using FlowAlp.Engine.Core;

namespace FlowAlp.Engine.Invariants;

/// <summary>Every token conserved: wallets + reserves + funds + queued deposits + strategy DEX + escrow = genesis + minted MOET.</summary>
internal sealed class ConservationInvariant : IInvariant
{
    public string Key => "conservation";

    public void Check(PoolCore core, InvariantInput input, List<string> violations)
    {
        if (input.Conservation is null)
        {
            violations.Add("conservation: the world's balances overflow when summed (a balance went below zero and wrapped around)");
            return;
        }
        foreach (var (token, (expected, actual)) in input.Conservation)
            if (expected != actual) violations.Add($"conservation of {token}: world holds {actual}, expected {expected}");
    }
}
