
using FlowAlp.Engine.Core;

namespace FlowAlp.Engine.Invariants;

/// <summary>
/// No balance below zero. Amounts are unsigned, so a balance that went below zero shows as more than all of the token
/// that exists: no account and no reserve may hold more than the token's world total.
/// </summary>
internal sealed class NoNegativeBalanceInvariant : IInvariant
{
    public string Key => "negativeBalance";

    public void Check(PoolCore core, InvariantInput input, List<string> violations)
    {
        foreach (var name in core.World.Accounts.Accounts.Order(StringComparer.Ordinal))
            foreach (var (token, v) in core.World.Accounts.Balances(name).OrderBy(kv => kv.Key, StringComparer.Ordinal))
                if (input.Expected.TryGetValue(token, out var total) && v > total)
                    violations.Add($"no negative balance: account {name} holds {v} {token}, more than the {total} that exist");
        foreach (var token in core.Pool.SupportedTokens.Order(StringComparer.Ordinal))
            if (input.Expected.TryGetValue(token, out var total) && core.Pool.Reserve(token) > total)
                violations.Add($"no negative balance: the {token} reserve holds {core.Pool.Reserve(token)}, more than the {total} that exist");
    }
}
