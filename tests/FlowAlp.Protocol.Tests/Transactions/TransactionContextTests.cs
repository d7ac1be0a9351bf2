using FlowAlp.Protocol.Atomicity;

namespace FlowAlp.Protocol.Tests.Transactions;

/// <summary>
/// The transaction context with reused undo logs: a rollback restores exactly what its transaction touched (each key
/// once, undone newest first), nested runs join the outer one, and a reused log carries nothing over from the last
/// transaction, also past the short array of touched keys and after a big transaction.
/// </summary>
public class TransactionContextTests
{
    private sealed class Cell(TransactionContext tx, int value)
    {
        public int Value { get; private set; } = value;
        public int Captures { get; private set; }

        public void Set(int v)
        {
            if (tx.FirstTouch(this)) { Captures++; int saved = Value; tx.OnRollback(() => Value = saved); }
            Value = v;
        }

        public void SetWithTouch(int v)
        {
            tx.Touch(this, () => { Captures++; int saved = Value; return () => Value = saved; });
            Value = v;
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(40)]     // past the short array: the touched set becomes a hash set
    [InlineData(1000)]   // a big transaction: its log is dropped, not reused
    public void Rollback_restores_every_touched_cell_and_captures_each_once(int cells)
    {
        var tx = new TransactionContext();
        var all = Enumerable.Range(0, cells).Select(i => new Cell(tx, i)).ToArray();
        Assert.Throws<ProtocolException>(() => tx.Run(() =>
        {
            foreach (var c in all) { c.Set(c.Value + 100); c.SetWithTouch(c.Value + 100); c.Set(c.Value + 1); }
            throw new ProtocolException("revert");
        }));
        Assert.Equal(Enumerable.Range(0, cells), all.Select(c => c.Value));
        Assert.All(all, c => Assert.Equal(1, c.Captures));
        Assert.False(tx.InTransaction);
    }

    [Fact]
    public void Undo_steps_replay_newest_first()
    {
        var tx = new TransactionContext();
        var order = new List<int>();
        Assert.Throws<ProtocolException>(() => tx.Run(() =>
        {
            for (int i = 0; i < 20; i++) { int k = i; tx.OnRollback(() => order.Add(k)); }
            throw new ProtocolException("revert");
        }));
        Assert.Equal(Enumerable.Range(0, 20).Reverse(), order);
    }

    [Fact]
    public void A_committed_transaction_leaves_nothing_for_the_next_one()
    {
        var tx = new TransactionContext();
        var a = new Cell(tx, 1);
        var others = Enumerable.Range(0, 30).Select(i => new Cell(tx, i)).ToArray();
        tx.Run(() => { a.Set(2); foreach (var c in others) c.Set(-1); });
        Assert.Equal(2, a.Value);
        // the next transaction (on a reused log) must capture a again, and undo only its own steps
        Assert.Throws<ProtocolException>(() => tx.Run(() => { a.Set(3); throw new ProtocolException("revert"); }));
        Assert.Equal(2, a.Value);
        Assert.Equal(2, a.Captures);
        Assert.All(others, c => Assert.Equal(-1, c.Value));
    }

    [Fact]
    public void Nested_runs_join_the_outer_transaction()
    {
        var tx = new TransactionContext();
        var a = new Cell(tx, 1);
        Assert.Throws<ProtocolException>(() => tx.Run(() =>
        {
            int inner = tx.Run(() => { a.Set(5); return 7; });
            tx.Run(() => a.Set(inner));
            Assert.True(tx.InTransaction);
            throw new ProtocolException("revert");
        }));
        Assert.Equal(1, a.Value);
        Assert.Equal(1, a.Captures);
    }

    [Fact]
    public void Probe_always_rolls_back_and_refuses_to_run_inside_a_transaction()
    {
        var tx = new TransactionContext();
        var a = new Cell(tx, 1);
        Assert.Equal(9, tx.Probe(() => { a.Set(9); return a.Value; }));
        Assert.Equal(1, a.Value);
        tx.Run(() => Assert.Throws<InvalidOperationException>(() => tx.Probe(() => 0)));
        Assert.False(tx.InTransaction);
    }

    [Fact]
    public void A_transaction_begun_inside_an_undo_step_gets_its_own_log()
    {
        // a second context used from within a rollback: the spare log is taken, so the two never share one
        var tx = new TransactionContext();
        var other = new TransactionContext();
        var a = new Cell(tx, 1);
        var b = new Cell(other, 10);
        Assert.Throws<ProtocolException>(() => tx.Run(() =>
        {
            a.Set(2);
            tx.OnRollback(() => other.Run(() => b.Set(11)));
            throw new ProtocolException("revert");
        }));
        Assert.Equal(1, a.Value);
        Assert.Equal(11, b.Value);
        Assert.Throws<ProtocolException>(() => other.Run(() => { b.Set(12); throw new ProtocolException("revert"); }));
        Assert.Equal(11, b.Value);
    }

    [Fact]
    public void TryRun_reverts_on_a_returned_reason_and_commits_otherwise()
    {
        var tx = new TransactionContext();
        var a = new Cell(tx, 1);
        Assert.Equal("refused", tx.TryRun(() => { a.Set(2); return "refused"; }));
        Assert.Equal(1, a.Value);
        Assert.Null(tx.TryRun(() => { a.Set(3); return null; }));
        Assert.Equal(3, a.Value);
        Assert.False(tx.InTransaction);
    }

    [Fact]
    public void TryRun_nested_throws_its_reason_so_the_outer_transaction_reverts_whole()
    {
        var tx = new TransactionContext();
        var a = new Cell(tx, 1);
        var e = Assert.Throws<ProtocolException>(() => tx.Run(() =>
        {
            a.Set(2);
            tx.TryRun(() => { a.Set(3); return "refused"; });
        }));
        Assert.Equal("refused", e.Reason);
        Assert.Equal(1, a.Value);
    }

    [Fact]
    public void Outside_a_transaction_nothing_is_recorded()
    {
        var tx = new TransactionContext();
        var a = new Cell(tx, 1);
        a.Set(2);
        Assert.Equal(0, a.Captures);
        Assert.False(tx.FirstTouch(a));
    }
}
