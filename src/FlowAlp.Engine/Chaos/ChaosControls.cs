using FlowAlp.Engine.Core;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Engine.Chaos;

/// <summary>
/// The chaos part of the core: the state faults change inside it (funds in escrow, stretched rebalancer intervals,
/// ineffective rebalancers, refusing sinks), kept here so both hosts apply a fault alike, and <see cref="Inject"/>, the
/// one way a host applies a fault (its effect, then its FaultInjected line).
/// </summary>
public sealed class ChaosControls
{
    private readonly PoolCore _core;
    private readonly Dictionary<(string Account, string Token), UFix64> _escrowed = new();
    private UFix64 _intervalStretch = UFix64.One;
    private HashSet<long> _ineffective = new();

    internal ChaosControls(PoolCore core) => _core = core;

    /// <summary>Applies <paramref name="fault"/> in <paramref name="host"/> and logs it; returns its description.</summary>
    public static string Inject(IChaosHost host, FaultAction fault)
    {
        string? detail = fault.Apply(host);
        host.Core.Log.AppendEngine(host.Core.Now, "FaultInjected", ("fault", fault.Describe()), ("detail", detail));
        return fault.Describe();
    }

    /// <summary>Drains the accounts' token into the escrow (remembering how much), or gives it back; returns the amount moved.</summary>
    public UFix64 MoveFunds(MoveFunds m)
    {
        var world = _core.World;
        UFix64 total = UFix64.Zero;
        world.Tx.Run(() =>
        {
            foreach (var account in m.Accounts)
            {
                if (m.Restore)
                {
                    if (!_escrowed.Remove((account, m.Token), out var back) || back.IsZero) continue;
                    world.Accounts.Debit(Chaos.MoveFunds.Escrow, m.Token, back);
                    world.Accounts.Credit(account, m.Token, back);
                    total += back;
                }
                else
                {
                    UFix64 all = world.Accounts.Balance(account, m.Token);
                    if (m.Part != UFix64.One) all *= m.Part;
                    if (all.IsZero) continue;
                    world.Accounts.Debit(account, m.Token, all);
                    world.Accounts.Credit(Chaos.MoveFunds.Escrow, m.Token, all);
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
        foreach (var v in _core.Strategies.YieldVaults.Values)
            foreach (var token in new[] { v.YieldToken, v.BaseToken })
                total += MoveFunds(new MoveFunds([v.Account], token, false, d.Fraction));
        return total;
    }

    /// <summary>Swaps the positions' drawDownSinks for a sink that refuses (the pool then re-deposits what it minted), or back.</summary>
    public void RefuseSinks(RefuseSinks r)
    {
        foreach (var (pid, restore) in r.Sinks) _core.PositionConnectors.SetDrawDownSink(pid, r.Active ? new Connectors.DeadConnector() : restore);
    }

    /// <summary>Rebalancer intervals are multiplied by <paramref name="factor"/> for the runs booked from now (1 restores them).</summary>
    public void StretchIntervals(UFix64 factor) => _intervalStretch = factor;

    /// <summary>These positions' rebalancers run and pay but do not rebalance (null: all work again).</summary>
    public void SetIneffective(IReadOnlyList<long>? positions) => _ineffective = positions?.ToHashSet() ?? new();

    /// <summary>A rebalancer's interval now: its own, times the stretch in force (at least 1 s).</summary>
    internal ulong IntervalOf(ulong interval) => _intervalStretch == UFix64.One ? interval
        : Math.Max(1, (UFix64.FromInteger(interval) * _intervalStretch).Floor);

    internal bool IsIneffective(long position) => _ineffective.Count > 0 && _ineffective.Contains(position);
}
