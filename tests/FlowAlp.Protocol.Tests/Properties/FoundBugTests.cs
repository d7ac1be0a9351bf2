using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Tests.Properties;

/// <summary>Minimal reproductions of the bugs the property tests found (see FOUND_BUGS.md), kept as regression tests once fixed.</summary>
public class FoundBugTests
{
    /// <summary>
    /// FOUND_BUGS.md #1: a position whose topUpSource is a PositionSource on itself with pullFromTopUpSource = true.
    /// Any pull (availableBalance with pull, withdrawAndPull, a top-up rebalance) asks the source for its minimum
    /// available, which asks the position's availableBalance with pull, which asks the same source again… without end.
    /// It used to overflow the stack (killing the process); now it reverts with "Reentrancy", as Cadence aborts the transaction.
    /// </summary>
    [Fact]
    public void Self_chained_position_source_reverts_instead_of_recursing_forever()
    {
        var w = new PropWorld();
        long pid = w.Tx.Run(() =>
        {
            w.Book.Debit("u0", PropWorld.Flow, UFix64.FromInteger(1000));
            return w.Pool.CreatePosition(new Vault(PropWorld.Flow, UFix64.FromInteger(1000)), null, null, false);
        });
        w.Pool.SetTopUpSource(pid, new PositionSource(w.Pool, pid, PropWorld.Moet, pullFromTopUpSource: true));

        var e = Assert.Throws<ProtocolException>(() => w.Pool.AvailableBalance(pid, PropWorld.Moet, pullFromTopUpSource: true));
        Assert.StartsWith("Reentrancy", e.Reason);
        var w2 = Assert.Throws<ProtocolException>(() => w.Pool.Withdraw(pid, PropWorld.Moet, UFix64.FromInteger(10), pullFromTopUpSource: true));
        Assert.StartsWith("Reentrancy", w2.Reason);
        Assert.Equal(UFix64.FromInteger(1000), w.Pool.GetPositionDetails(pid).Balances.Single(b => b.Token == PropWorld.Flow).Amount);
    }

    [Fact]
    public void Two_positions_whose_chained_sources_pull_from_each_other_revert()
    {
        var w = new PropWorld();
        long Open(string user) => w.Tx.Run(() =>
        {
            w.Book.Debit(user, PropWorld.Flow, UFix64.FromInteger(1000));
            return w.Pool.CreatePosition(new Vault(PropWorld.Flow, UFix64.FromInteger(1000)), null, null, false);
        });
        long a = Open("u0"), b = Open("u1");
        w.Pool.SetTopUpSource(a, new PositionSource(w.Pool, b, PropWorld.Moet, pullFromTopUpSource: true));
        w.Pool.SetTopUpSource(b, new PositionSource(w.Pool, a, PropWorld.Moet, pullFromTopUpSource: true));
        var e = Assert.Throws<ProtocolException>(() => w.Pool.AvailableBalance(a, PropWorld.Moet, pullFromTopUpSource: true));
        Assert.StartsWith("Reentrancy", e.Reason);
    }
}
