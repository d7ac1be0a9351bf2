using FlowAlp.Actors.Dex;
using FlowAlp.Protocol;
using FlowAlp.Protocol.Atomicity;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Dex;

namespace FlowAlp.Actors.Tests.Flows;

public class AmmLiquidityTests
{
    private static UFix64 U(string s) => UFix64.Parse(s);

    [Fact]
    public void SetLiquidity_mints_unowned_genesis_shares_sqrt_ab()
    {
        var amm = new ConstantProductAmm();
        amm.SetLiquidity("FLOW", U("1000"), "MOET", U("4000"));
        Assert.Equal(U("2000"), amm.TotalShares("MOET", "FLOW"));
        Assert.Equal(U("2000"), amm.GenesisShares("FLOW", "MOET"));
        // resetting the pair keeps its share supply
        amm.SetLiquidity("FLOW", U("10"), "MOET", U("10"));
        Assert.Equal(U("2000"), amm.TotalShares("FLOW", "MOET"));
        Assert.Equal(UFix64.Zero, amm.TotalShares("FLOW", "USDC"));
    }

    [Fact]
    public void AddLiquidity_takes_the_limiting_side_and_refunds_the_other()
    {
        var amm = new ConstantProductAmm();
        amm.SetLiquidity("FLOW", U("1000"), "MOET", U("4000"));
        UFix64 shares = amm.AddLiquidity("FLOW", U("10"), "MOET", U("50"), out var refundFlow, out var refundMoet);
        Assert.Equal(U("20"), shares);
        Assert.Equal(new Vault("FLOW", UFix64.Zero), refundFlow);
        Assert.Equal(new Vault("MOET", U("10")), refundMoet);
        Assert.Equal((U("1010"), U("4040")), amm.Reserves("FLOW", "MOET"));
        Assert.Equal(U("2020"), amm.TotalShares("FLOW", "MOET"));

        // now MOET limits: 40 MOET takes 10.1 FLOW at 1010:4040 = 1:4
        shares = amm.AddLiquidity("FLOW", U("30"), "MOET", U("40"), out refundFlow, out refundMoet);
        Assert.Equal(U("20"), shares);
        Assert.Equal(new Vault("FLOW", U("20")), refundFlow);
        Assert.Equal(new Vault("MOET", UFix64.Zero), refundMoet);
        Assert.Equal((U("1020"), U("4080")), amm.Reserves("FLOW", "MOET"));
    }

    [Fact]
    public void Rounding_is_in_the_pools_favour_on_add_and_remove()
    {
        var amm = new ConstantProductAmm();
        amm.SetLiquidity("FLOW", U("3"), "MOET", U("7"));
        Assert.Equal(U("4.58257569"), amm.TotalShares("FLOW", "MOET")); // floor(sqrt(3e8 * 7e8)) raw

        // 1 FLOW needs 7/3 = 2.333333333.. MOET: the depositor pays the dust (rounded up)
        UFix64 shares = amm.AddLiquidity("FLOW", U("1"), "MOET", U("10"), out var rf, out var rm);
        Assert.Equal(U("1.52752523"), shares); // floor(1 * 4.58257569 / 3)
        Assert.Equal(UFix64.Zero, rf.Amount);
        Assert.Equal(U("7.66666666"), rm.Amount);
        Assert.Equal((U("4"), U("9.33333334")), amm.Reserves("FLOW", "MOET"));
        Assert.Equal(U("6.11010092"), amm.TotalShares("FLOW", "MOET"));

        // burning the same shares pays pro rata, truncated: 2.333333335 MOET -> 2.33333333
        var (flow, moet) = amm.RemoveLiquidity("FLOW", "MOET", shares);
        Assert.Equal(new Vault("FLOW", U("1")), flow);
        Assert.Equal(new Vault("MOET", U("2.33333333")), moet);
        Assert.Equal((U("3"), U("7.00000001")), amm.Reserves("FLOW", "MOET")); // the pool keeps the dust
        Assert.Equal(U("4.58257569"), amm.TotalShares("FLOW", "MOET"));
    }

    [Fact]
    public void RemoveLiquidity_is_pro_rata_in_either_token_order()
    {
        var amm = new ConstantProductAmm();
        amm.SetLiquidity("FLOW", U("1000"), "MOET", U("4000"));
        UFix64 shares = amm.AddLiquidity("MOET", U("400"), "FLOW", U("100"), out _, out _);
        Assert.Equal(U("200"), shares);
        amm.Swap("MOET", "FLOW", U("500")); // the pool moves; the LP's claim follows it
        var (r, total) = (amm.Reserves("MOET", "FLOW")!.Value, amm.TotalShares("FLOW", "MOET"));
        var (m, f) = amm.RemoveLiquidity("MOET", "FLOW", U("50"));
        Assert.Equal(UFix64.FromRaw((ulong)((UInt128)r.In.Raw * U("50").Raw / total.Raw)), m.Amount);
        Assert.Equal(UFix64.FromRaw((ulong)((UInt128)r.Out.Raw * U("50").Raw / total.Raw)), f.Amount);
        Assert.Equal("MOET", m.Token);
        Assert.Equal("FLOW", f.Token);
        Assert.Equal((r.In - m.Amount, r.Out - f.Amount), amm.Reserves("MOET", "FLOW"));
        Assert.Equal(total - U("50"), amm.TotalShares("MOET", "FLOW"));
    }

    [Fact]
    public void Genesis_shares_cannot_be_removed()
    {
        var amm = new ConstantProductAmm();
        amm.SetLiquidity("FLOW", U("1000"), "MOET", U("4000"));
        Assert.Throws<ProtocolException>(() => amm.RemoveLiquidity("FLOW", "MOET", U("1")));
        UFix64 shares = amm.AddLiquidity("FLOW", U("10"), "MOET", U("40"), out _, out _);
        Assert.Throws<ProtocolException>(() => amm.RemoveLiquidity("FLOW", "MOET", shares + UFix64.Epsilon));
        amm.RemoveLiquidity("FLOW", "MOET", shares);
        Assert.Equal((U("1000"), U("4000")), amm.Reserves("FLOW", "MOET"));
    }

    [Fact]
    public void First_deposit_into_an_empty_pair_creates_it_and_removing_all_deletes_it()
    {
        var amm = new ConstantProductAmm();
        UFix64 shares = amm.AddLiquidity("X", U("4"), "Y", U("9"), out var rx, out var ry);
        Assert.Equal(U("6"), shares);
        Assert.True(rx.Amount.IsZero && ry.Amount.IsZero);
        Assert.Equal(UFix64.Zero, amm.GenesisShares("X", "Y"));
        Assert.Equal((U("9"), U("4")), amm.Reserves("Y", "X"));
        var (x, y) = amm.RemoveLiquidity("X", "Y", shares);
        Assert.Equal((U("4"), U("9")), (x.Amount, y.Amount));
        Assert.Null(amm.Reserves("X", "Y"));
        Assert.Equal(UFix64.Zero, amm.TotalShares("X", "Y"));
    }

    [Fact]
    public void Invalid_arguments_and_dust_deposits_are_rejected()
    {
        var amm = new ConstantProductAmm();
        amm.SetLiquidity("FLOW", U("1000"), "MOET", U("4000"));
        Assert.StartsWith("pair:", Assert.Throws<ArgumentException>(() => amm.AddLiquidity("FLOW", U("1"), "FLOW", U("1"), out _, out _)).Message);
        Assert.StartsWith("liquidity:", Assert.Throws<ArgumentException>(() => amm.AddLiquidity("FLOW", U("0"), "MOET", U("1"), out _, out _)).Message);
        Assert.StartsWith("shares:", Assert.Throws<ArgumentException>(() => amm.RemoveLiquidity("FLOW", "MOET", UFix64.Zero)).Message);
        Assert.Throws<ProtocolException>(() => amm.RemoveLiquidity("FLOW", "USDC", U("1")));
        // 1 raw BIG into a 1,000,000 BIG pool with 1000 shares mints floor(1e11 / 1e14) = 0 shares: reverts
        amm.SetLiquidity("BIG", U("1000000"), "MOET", U("1"));
        Assert.Throws<ProtocolException>(() => amm.AddLiquidity("BIG", UFix64.Epsilon, "MOET", U("1"), out _, out _));
        Assert.Equal((U("1000000"), U("1")), amm.Reserves("BIG", "MOET"));
    }

    [Fact]
    public void Copy_carries_shares_but_not_the_transaction()
    {
        var tx = new TransactionContext();
        var amm = new ConstantProductAmm();
        amm.JoinTransactions(tx);
        amm.SetLiquidity("FLOW", U("1000"), "MOET", U("4000"));
        var view = amm.Copy();
        Assert.Equal(U("2000"), view.TotalShares("FLOW", "MOET"));
        Assert.Throws<ProtocolException>(() => tx.Run(() => { view.Swap("MOET", "FLOW", U("100")); throw new ProtocolException("boom"); }));
        Assert.NotEqual((U("1000"), U("4000")), view.Reserves("FLOW", "MOET")); // detached: not rolled back
        Assert.Equal((U("1000"), U("4000")), amm.Reserves("FLOW", "MOET"));
    }

    [Fact]
    public void JoinTransactions_accepts_one_context_only()
    {
        var amm = new ConstantProductAmm();
        var tx = new TransactionContext();
        amm.JoinTransactions(tx);
        amm.JoinTransactions(tx);
        Assert.StartsWith("tx:", Assert.Throws<ArgumentException>(() => amm.JoinTransactions(new TransactionContext())).Message);
    }

    [Fact]
    public void A_reverted_transaction_restores_every_pool_all_shares_and_the_wallets()
    {
        var tx = new TransactionContext();
        var book = new AccountBook(tx);
        var amm = new ConstantProductAmm();
        amm.JoinTransactions(tx);
        amm.SetLiquidity("FLOW", U("1000"), "MOET", U("4000"));
        amm.SetLiquidity("USDC", U("5000"), "MOET", U("5000"));
        book.Credit("alice", "MOET", U("1000"));
        book.Credit("alice", "FLOW", U("100"));
        UFix64 lp = amm.AddLiquidity("FLOW", U("10"), "MOET", U("40"), out _, out _);

        var before = (amm.Reserves("FLOW", "MOET"), amm.Reserves("USDC", "MOET"), amm.TotalShares("FLOW", "MOET"), amm.TotalShares("USDC", "MOET"));
        var ex = Assert.Throws<ProtocolException>(() => tx.Run(() =>
        {
            book.Debit("alice", "MOET", U("500"));
            Vault flow = amm.Swap("MOET", "FLOW", U("400"));
            book.Credit("alice", "FLOW", flow.Amount);
            book.Debit("alice", "FLOW", U("50"));
            UFix64 s = amm.AddLiquidity("FLOW", U("50"), "MOET", U("100"), out _, out var refund);
            book.Credit("alice", refund.Token, refund.Amount);
            amm.RemoveLiquidity("FLOW", "MOET", s + lp);
            amm.AddLiquidity("NEW", U("1"), "MOET", U("1"), out _, out _);
            amm.SetLiquidity("ZED", U("1"), "MOET", U("2"));
            amm.Drain(U("0.5"));
            amm.ArbitrageTo(new Dictionary<string, UFix64?> { ["USDC"] = U("1.1") }, "MOET");
            book.Credit("bob", "MOET", U("1"));
            throw new ProtocolException("boom");
        }));
        Assert.Equal("boom", ex.Reason);
        Assert.Equal(before, (amm.Reserves("FLOW", "MOET"), amm.Reserves("USDC", "MOET"), amm.TotalShares("FLOW", "MOET"), amm.TotalShares("USDC", "MOET")));
        Assert.Null(amm.Reserves("NEW", "MOET"));
        Assert.Null(amm.Reserves("ZED", "MOET"));
        Assert.Equal(UFix64.Zero, amm.TotalShares("NEW", "MOET"));
        Assert.Equal(U("1000"), book.Balance("alice", "MOET"));
        Assert.Equal(U("100"), book.Balance("alice", "FLOW"));
        Assert.False(book.Exists("bob"));
        // and the LP's shares are still removable afterwards
        amm.RemoveLiquidity("FLOW", "MOET", lp);
        Assert.Equal((U("1000"), U("4000")), amm.Reserves("FLOW", "MOET"));
    }
}
