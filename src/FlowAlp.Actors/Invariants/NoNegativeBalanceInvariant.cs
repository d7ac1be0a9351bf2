using FlowAlp.Actors.Pool;

namespace FlowAlp.Actors.Invariants;

/// <summary>
/// No balance below zero. Amounts are unsigned, so a balance that went below zero shows as more than all of the token
/// that exists: no account and no reserve may hold more than the token's world total.
/// </summary>
public sealed class NoNegativeBalanceInvariant : IInvariant
{
    public string Key => "negativeBalance";

    public void Check(PoolCore core, InvariantInput input, List<string> violations)
    {
        foreach (var name in core.World.Accounts.Accounts.Order(StringComparer.Ordinal))
            foreach (var (token, v) in core.World.Accounts.Balances(name))
                if (input.Conservation.TryGetValue(token, out var c) && v > c.Expected)
                    violations.Add($"no negative balance: account {name} holds {v} {token}, more than the {c.Expected} that exist");
        foreach (var token in core.Pool.SupportedTokens.Order(StringComparer.Ordinal))
            if (input.Conservation.TryGetValue(token, out var c) && core.Pool.Reserve(token) > c.Expected)
                violations.Add($"no negative balance: the {token} reserve holds {core.Pool.Reserve(token)}, more than the {c.Expected} that exist");
    }
}
