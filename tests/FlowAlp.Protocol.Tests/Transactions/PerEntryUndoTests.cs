using FlowAlp.Protocol.Atomicity;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Protocol.Tests.Transactions;

/// <summary>
/// Undo steps a target carries out itself (a position's balances and queued deposits, a wallet's entries) instead of a
/// closure or a copy of the map per transaction: a rollback restores the values and the order of the entries, also when
/// a whole-position capture (a health bound's change) comes before or after them in the same transaction, and they
/// replay newest first together with delegate steps.
/// </summary>
public class PerEntryUndoTests
{
    private static UFix128 Q(string s) => UFix128.Parse(s);
    private static InternalBalance Credit(string s) => new(SignedBalance.Credit(Q(s)));
    private static InternalBalance Debit(string s) => new(SignedBalance.Debit(Q(s)));

    private static (InternalPosition P, TransactionContext Tx) Position()
    {
        var tx = new TransactionContext();
        var p = new InternalPosition(4, tx);
        p.SetBalance("BTC", Credit("1.5"));
        p.SetBalance("MOET", Debit("70000.123456789012345678901234"));
        return (p, tx);
    }

    private static List<(string, BalanceDirection, UFix128)> State(InternalPosition p) =>
        p.Balances.Select(kv => (kv.Key, kv.Value.Direction, kv.Value.Scaled.Quantity)).ToList();

    private static void Revert(TransactionContext tx, Action body) =>
        Assert.Throws<ProtocolException>(() => tx.Run(() => { body(); throw new ProtocolException("revert"); }));

    [Fact]
    public void A_rollback_restores_changed_and_new_balances_in_their_order()
    {
        var (p, tx) = Position();
        var before = State(p);
        int version = p.Version;
        Revert(tx, () =>
        {
            p.SetBalance("MOET", Credit("0"));              // debit 70000… → credit 0 (direction changes)
            p.EnsureBalance("ETH");                          // a new entry
            p.SetBalance("ETH", Debit("3"));
            p.SetBalance("BTC", Credit("2"));
            p.SetBalance("BTC", Credit("2.5"));              // the same entry twice
            p.SetBalance("FLOW", Credit("10"));              // another new entry
        });
        Assert.Equal(before, State(p));
        Assert.True(p.Version > version); // a cache of the balances sees the undo as a change
        // entries added after the rollback go where they would have gone without it
        p.SetBalance("FLOW", Credit("1"));
        p.SetBalance("ETH", Credit("2"));
        Assert.Equal(["BTC", "MOET", "FLOW", "ETH"], p.Balances.Keys);
    }

    [Fact]
    public void A_committed_transaction_keeps_its_balances_and_queued_deposits()
    {
        var (p, tx) = Position();
        tx.Run(() =>
        {
            p.SetBalance("MOET", Debit("1"));
            p.AddToQueue("BTC", UFix64.Parse("0.5"));
            p.AddToQueue("BTC", UFix64.Parse("0.25"));
        });
        Assert.Equal([("BTC", BalanceDirection.Credit, Q("1.5")), ("MOET", BalanceDirection.Debit, Q("1"))], State(p));
        Assert.Equal(UFix64.Parse("0.75"), p.QueuedDeposits["BTC"]);
        Revert(tx, () => Assert.Equal(UFix64.Parse("0.75"), p.RemoveQueued("BTC")));
        Assert.Equal(UFix64.Parse("0.75"), p.QueuedDeposits["BTC"]);
        Assert.Equal(UFix64.Zero, tx.Run(() => p.RemoveQueued("ETH")));
    }

    [Fact]
    public void Queued_deposits_added_to_a_position_without_any_are_undone_to_none()
    {
        var (p, tx) = Position();
        Revert(tx, () =>
        {
            p.AddToQueue("BTC", UFix64.Parse("1"));
            p.AddToQueue("MOET", UFix64.Parse("2"));
            Assert.Equal(UFix64.Parse("1"), p.RemoveQueued("BTC"));
        });
        Assert.Empty(p.QueuedDeposits);
        // the shared empty map stayed empty: another position has no queue either
        Assert.Empty(new InternalPosition(5, tx).QueuedDeposits);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Entry_undos_and_a_whole_position_capture_in_one_transaction_restore_everything(bool captureFirst)
    {
        var (p, tx) = Position();
        tx.Run(() => p.AddToQueue("ETH", UFix64.Parse("4")));
        var before = State(p);
        var (target, queued) = (p.TargetHealth, p.QueuedDeposits.ToList());
        Revert(tx, () =>
        {
            if (captureFirst) p.SetTargetHealth(Q("1.2"));
            p.SetBalance("BTC", Credit("9"));
            p.AddToQueue("ETH", UFix64.Parse("1"));
            p.AddToQueue("BTC", UFix64.Parse("1"));
            if (!captureFirst) p.SetTargetHealth(Q("1.2"));
            p.SetBalance("MOET", Credit("5"));
            p.SetBalance("ETH", Credit("5"));
            p.RemoveQueued("ETH");
        });
        Assert.Equal(before, State(p));
        Assert.Equal(target, p.TargetHealth);
        Assert.Equal(queued, p.QueuedDeposits.ToList());
    }

    [Fact]
    public void Wallet_entries_and_new_accounts_are_undone_newest_first_with_delegate_steps()
    {
        var tx = new TransactionContext();
        var book = new AccountBook(tx);
        book.Credit("alice", "MOET", UFix64.Parse("10"));
        book.Credit("alice", "BTC", UFix64.Parse("1"));
        var order = new List<string>();
        Revert(tx, () =>
        {
            tx.OnRollback(() => order.Add($"first: alice MOET {book.Balance("alice", "MOET")}"));
            book.Debit("alice", "MOET", UFix64.Parse("4"));
            book.Credit("alice", "ETH", UFix64.Parse("2"));
            tx.OnRollback(() => order.Add($"middle: alice MOET {book.Balance("alice", "MOET")}, bob {book.Exists("bob")}"));
            book.Credit("bob", "MOET", UFix64.Parse("4"));
            book.Debit("alice", "MOET", UFix64.Parse("1"));
        });
        // each delegate step sees the state as it was when it was registered: the later changes are undone before it
        Assert.Equal(["middle: alice MOET 6.00000000, bob False", "first: alice MOET 10.00000000"], order);
        Assert.False(book.Exists("bob"));
        Assert.Equal([("MOET", UFix64.Parse("10")), ("BTC", UFix64.Parse("1"))], book.Balances("alice").Select(kv => (kv.Key, kv.Value)));
    }

    private static (UFix128, UFix128, UFix128, UFix128, UFix64, UFix64, UFix64) Figures(FlowAlp.Protocol.Tokens.TokenState ts) =>
        (ts.TotalCreditBalance, ts.CreditInterestIndex, ts.DebitInterestIndex, ts.CurrentDebitRate, ts.LastUpdate, ts.DepositCapacity, ts.DepositUsage(3));

    [Fact]
    public void A_token_states_scalars_saved_in_the_undo_log_are_restored_and_the_reused_log_keeps_nothing()
    {
        var tx = new TransactionContext();
        var events = new List<FlowAlp.Protocol.Events.PoolEvent>();
        var ts = new FlowAlp.Protocol.Tokens.TokenState("BTC", tx, events.Add, UFix64.Parse("100"), UFix64.Parse("0.8"), UFix64.One,
            new FlowAlp.Protocol.Interest.FixedCurve(UFix128.Parse("0.05")), UFix64.Parse("1000"), UFix64.Parse("100000"));
        tx.Run(() => { ts.IncreaseCredit(UFix128.Parse("500")); ts.ConsumeDepositCapacity(UFix64.Parse("10"), 3); });
        var committed = Figures(ts);
        Assert.Equal(UFix128.Parse("500"), committed.Item1);
        for (int round = 0; round < 3; round++) // the same (reused) undo log each time
        {
            Revert(tx, () =>
            {
                ts.UpdateForTimeChange(UFix64.Parse("7300"));     // two hours on: indices grow, capacity regenerates
                ts.IncreaseCredit(UFix128.Parse("250"));
                ts.ConsumeDepositCapacity(UFix64.Parse("5"), 3);
                Assert.NotEqual(committed, Figures(ts));
            });
            Assert.Equal(committed, Figures(ts));
        }
        tx.Run(() => ts.UpdateForTimeChange(UFix64.Parse("200")));
        Assert.Equal(UFix64.Parse("200"), ts.LastUpdate);
        Assert.True(ts.CreditInterestIndex > committed.Item2);
    }
}
