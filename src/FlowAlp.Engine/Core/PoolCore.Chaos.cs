using FlowAlp.Protocol;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Chaos;

namespace FlowAlp.Engine.Core;

/// <summary>The core's side of chaos: fault effects that move state (funds), and the live invariant checks.</summary>
public sealed partial class PoolCore
{
    private readonly Dictionary<(string Account, string Token), UFix64> _escrowed = new();

    /// <summary>Drains the accounts' token into the escrow (remembering how much), or gives it back.</summary>
    public UFix64 MoveFunds(MoveFunds m)
    {
        UFix64 total = UFix64.Zero;
        World.Tx.Run(() =>
        {
            foreach (var account in m.Accounts)
            {
                if (m.Restore)
                {
                    if (!_escrowed.Remove((account, m.Token), out var back) || back.IsZero) continue;
                    World.Accounts.Debit(Chaos.MoveFunds.Escrow, m.Token, back);
                    World.Accounts.Credit(account, m.Token, back);
                    total += back;
                }
                else
                {
                    UFix64 all = World.Accounts.Balance(account, m.Token);
                    if (m.Part != UFix64.One) all *= m.Part;
                    if (all.IsZero) continue;
                    World.Accounts.Debit(account, m.Token, all);
                    World.Accounts.Credit(Chaos.MoveFunds.Escrow, m.Token, all);
                    _escrowed[(account, m.Token)] = (_escrowed.TryGetValue((account, m.Token), out var e) ? e : UFix64.Zero) + all;
                    total += all;
                }
            }
        });
        return total;
    }

    /// <summary>Each yield vault's yield tokens and base leftover lose the fraction to the escrow (kept there: a loss).</summary>
    public UFix64 DrainVaults(DrainVaults d)
    {
        UFix64 total = UFix64.Zero;
        foreach (var v in _vaults.Values)
            foreach (var token in new[] { v.YieldToken, v.BaseToken })
                total += MoveFunds(new MoveFunds([v.Account], token, false, d.Fraction));
        return total;
    }

    /// <summary>Swaps the positions' drawDownSinks for a sink that refuses (the pool then re-deposits what it minted), or back.</summary>
    public void RefuseSinks(RefuseSinks r)
    {
        foreach (var (pid, restore) in r.Sinks) SetDrawDownSink(pid, r.Active ? new Connectors.DeadConnector() : restore);
    }

    public void LogFault(FaultAction a, string? detail = null) =>
        Log.AppendEngine(Now, "FaultInjected", ("fault", a.Describe()), ("detail", detail));

    /// <summary>The live invariants, each in its own class; the order of their lines in a report.</summary>
    public static readonly IReadOnlyList<Invariants.IInvariant> LiveInvariants =
    [
        new Invariants.ConservationInvariant(), new Invariants.UpdateQueueInvariant(), new Invariants.NoNegativeBalanceInvariant(),
        new Invariants.RebalanceTargetInvariant(), new Invariants.LiquidationRuleInvariant(), new Invariants.NominalTotalsInvariant(),
    ];

    /// <summary>What the engine applied since the last check (rebalances, liquidations) for the invariants that judge operations.</summary>
    public Invariants.OperationAudit Audit { get; } = new();

    /// <summary>
    /// Runs every live invariant on the state now and on the operations applied since the last check (the first call
    /// starts the audit). Returns the violations (empty: all held).
    /// </summary>
    public List<string> CheckInvariants()
    {
        Audit.Enabled = true;
        var (rebalances, liquidations) = Audit.Take();
        IReadOnlyDictionary<string, (UFix64, UFix64)>? conservation;
        try { conservation = Conservation(); }
        catch (FixedPointException) { conservation = null; } // a wrapped balance: the conservation check reports it
        var input = new Invariants.InvariantInput(rebalances, liquidations, ExpectedTotals(), conservation);
        var violations = new List<string>();
        foreach (var inv in LiveInvariants) inv.Check(this, input, violations);
        return violations;
    }
}
