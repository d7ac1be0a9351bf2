using FlowAlp.Engine.Dex;
using FlowAlp.Protocol;
using FlowAlp.Protocol.Atomicity;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Actors.Tests.Dex;

/// <summary>
/// A constant-product swap registers the undo of its own pair only: a reverted transaction restores every pool's
/// reserves exactly, alone or with a whole-AMM change (a drain, a new pair) before or after it in the same transaction.
/// </summary>
public class AmmSwapRollbackTests
{
    private static UFix64 U(string s) => UFix64.Parse(s);

    private static (ConstantProductAmm Amm, TransactionContext Tx) Amm()
    {
        var tx = new TransactionContext();
        var amm = new ConstantProductAmm(30);
        amm.SetLiquidity("MOET", U("1000000"), "YIELD", U("500000"));
        amm.SetLiquidity("BTC", U("200"), "MOET", U("20000000"));
        amm.JoinTransactions(tx);
        return (amm, tx);
    }

    private static List<(UFix64, UFix64)?> State(ConstantProductAmm amm) =>
        [amm.Reserves("MOET", "YIELD"), amm.Reserves("BTC", "MOET"), amm.Reserves("MOET", "ETH")];

    private static void Revert(TransactionContext tx, Action body) =>
        Assert.Throws<ProtocolException>(() => tx.Run(() => { body(); throw new ProtocolException("revert"); }));

    [Theory]
    [InlineData("swaps")]
    [InlineData("drain first")]
    [InlineData("drain last")]
    [InlineData("new pair between")]
    public void A_reverted_transaction_restores_every_pools_reserves(string order)
    {
        var (amm, tx) = Amm();
        var before = State(amm);
        Revert(tx, () =>
        {
            if (order == "drain first") amm.Drain(U("0.1"));
            amm.Swap("YIELD", "MOET", U("1234.5"));
            amm.Swap("MOET", "YIELD", U("99"));
            if (order == "new pair between") amm.SetLiquidity("MOET", U("10"), "ETH", U("1"));
            amm.Swap("BTC", "MOET", U("0.5"));
            amm.Swap("YIELD", "MOET", U("7"));
            if (order == "drain last") amm.Drain(U("0.25"));
        });
        Assert.Equal(before, State(amm));
        Assert.Null(amm.Reserves("MOET", "ETH"));
    }

    [Fact]
    public void A_committed_swap_keeps_its_reserves_and_a_later_revert_keeps_them()
    {
        var (amm, tx) = Amm();
        UFix64 quote = amm.QuoteOut("YIELD", "MOET", U("100"));
        Assert.Equal(quote, tx.Run(() => amm.Swap("YIELD", "MOET", U("100")).Amount));
        var after = State(amm);
        Assert.Equal((U("500100"), U("1000000") - quote), amm.Reserves("YIELD", "MOET"));
        Revert(tx, () => amm.Swap("YIELD", "MOET", U("100")));
        Assert.Equal(after, State(amm));
    }
}
