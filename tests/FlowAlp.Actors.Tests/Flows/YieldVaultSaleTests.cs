using System.Numerics;
using FlowAlp.Protocol.Atomicity;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Dex;
using FlowAlp.Engine.Flows;
using FlowAlp.Engine.Keepers;

namespace FlowAlp.Actors.Tests.Flows;

/// <summary>A yield vault with a yield token market: accrued yield is sold before principal, sales are booked against the reference, and the slippage bound caps a sale.</summary>
public class YieldVaultSaleTests
{
    private static UFix64 U(string s) => UFix64.Parse(s);
    private static readonly UFix64 T0 = U("1000");
    private static readonly UFix64 Year = UFix64.FromInteger(YieldVault.SecondsPerYear);

    private sealed class World
    {
        public readonly TransactionContext Tx = new();
        public readonly AccountBook Book;
        public readonly ConstantProductAmm Amm = new(30);
        public readonly YieldVault Vault;
        public UFix64 Now = T0;

        public World(string moetDepth, string ytDepth, YieldTokenMarket? market)
        {
            Book = new AccountBook(Tx);
            Amm.SetLiquidity("MOET", U(moetDepth), "YT", U(ytDepth));
            Book.Credit("reserve", "YT", U("1000000"));
            Vault = new YieldVault("v1", Book, Tx, Amm, "YT", "MOET", U("0.1"), "reserve", T0, () => Now, market);
        }

        public void Deposit(string amount) => Assert.Equal(U(amount), Vault.DepositCapacity(new Vault("MOET", U(amount))));
    }

    private static YieldTokenMarket Market(string price, ushort? bps) => new("YT", ReferencePricePath.Constant(U(price)), bps, null);

    /// <summary>Whether selling <paramref name="units"/> now fetches at least the reference less the bound (the vault's rule, restated).</summary>
    private static bool Within(ConstantProductAmm amm, UFix64 units, UFix64 price, ushort bps) =>
        (BigInteger)amm.QuoteOut("YT", "MOET", units).Raw * 10_000 * UFix64.Scale >= (BigInteger)units.Raw * price.Raw * (10_000 - bps);

    [Fact]
    public void A_withdrawal_sells_accrued_yield_before_principal()
    {
        var w = new World("1000000", "500000", Market("2", null));
        w.Deposit("1000");
        Assert.Equal(U("498.00349051"), w.Vault.Principal); // 500000 · 997 / 1000997, truncated
        Assert.Equal(UFix64.Zero, w.Vault.AccruedYield);

        w.Now = T0 + Year;
        w.Vault.Accrue(w.Now);
        Assert.Equal(U("49.80034905"), w.Vault.AccruedYield); // 10 % of the units for a year, truncated
        Assert.Equal(U("498.00349051"), w.Vault.Principal);

        // 50 MOET needs about 25 units: all of them out of the yield
        UFix64 before = w.Vault.Units;
        Assert.Equal(U("50"), w.Vault.WithdrawAvailable(U("50")).Amount);
        UFix64 sold1 = before - w.Vault.Units;
        Assert.Equal(sold1, w.Vault.Sales.YieldSold);
        Assert.Equal(UFix64.Zero, w.Vault.Sales.PrincipalSold);
        Assert.Equal(U("498.00349051"), w.Vault.Principal);
        Assert.Equal(U("49.80034905") - sold1, w.Vault.AccruedYield);

        // 100 MOET more: the rest of the yield, then principal
        before = w.Vault.Units;
        Assert.Equal(U("100"), w.Vault.WithdrawAvailable(U("100")).Amount);
        UFix64 sold2 = before - w.Vault.Units;
        Assert.Equal(U("49.80034905"), w.Vault.Sales.YieldSold);
        Assert.Equal(sold1 + sold2 - U("49.80034905"), w.Vault.Sales.PrincipalSold);
        Assert.Equal(U("498.00349051") - w.Vault.Sales.PrincipalSold, w.Vault.Principal);
        Assert.Equal(w.Vault.Principal, w.Vault.Units);
        Assert.Equal(UFix64.Zero, w.Vault.AccruedYield);
        Assert.Equal(2, w.Vault.Sales.Sales);
    }

    [Fact]
    public void Each_sale_is_booked_against_the_reference_price()
    {
        var w = new World("1000000", "500000", Market("2.1", null));
        w.Deposit("1000");
        var reserves = w.Amm.Reserves("YT", "MOET")!.Value;
        UFix64 units = w.Vault.Units, quote = w.Amm.QuoteOut("YT", "MOET", units);
        Assert.Equal(quote, w.Vault.WithdrawAvailable(U("5000")).Amount); // asks more than all the units fetch: sells them all
        Assert.Equal(UFix64.Zero, w.Vault.Units);
        var s = w.Vault.Sales;
        Assert.Equal(1, s.Sales);
        Assert.Equal(quote, s.Proceeds);
        Assert.Equal(U("1045.80733007"), s.ReferenceValue); // 498.00349051 · 2.1, truncated
        Assert.Equal(U("1045.80733007") - quote, s.LargestSlippage);
        Assert.True(s.ReferenceValue > s.Proceeds, $"{s.ReferenceValue} vs {s.Proceeds} (reserves {reserves})");
    }

    [Fact]
    public void The_slippage_bound_sells_only_what_fetches_the_reference_less_the_bound()
    {
        // a shallow pool (its spot is about 3.12 after the deposit): selling all the units slips far past 1 % below a reference of 3.1
        var w = new World("4000", "2000", Market("3.1", 100));
        w.Deposit("1000");
        UFix64 units = w.Vault.Units;
        Assert.Equal(U("399.03942365"), units); // 2000 · 997 / 4997, truncated
        Assert.False(Within(w.Amm, units, U("3.1"), 100));

        UFix64 sellable = w.Vault.SellableWithinBound(units);
        Assert.True(sellable > UFix64.Zero && sellable < units);
        Assert.True(Within(w.Amm, sellable, U("3.1"), 100));
        Assert.False(Within(w.Amm, sellable + UFix64.Epsilon, U("3.1"), 100)); // the largest such amount
        UFix64 quote = w.Amm.QuoteOut("YT", "MOET", sellable);
        Assert.Equal(quote, w.Vault.MinimumAvailable());

        // asked for everything, it provides only what the bound allows, and keeps the rest of the units
        Assert.Equal(quote, w.Vault.WithdrawAvailable(U("10000")).Amount);
        Assert.Equal(units - sellable, w.Vault.Units);
        Assert.Equal(UFix64.Zero, w.Vault.Leftover);
        // the pool's spot is now below that sale's average price: nothing more sells until it recovers
        Assert.Equal(UFix64.Zero, w.Vault.WithdrawAvailable(U("10")).Amount);
        Assert.Equal(units - sellable, w.Vault.Units);
    }

    [Fact]
    public void A_withdrawal_the_bound_allows_sells_as_without_it()
    {
        var bounded = new World("1000000", "500000", Market("2", 100));
        var plain = new World("1000000", "500000", null);
        bounded.Deposit("1000");
        plain.Deposit("1000");
        Assert.Equal(plain.Vault.WithdrawAvailable(U("300")), bounded.Vault.WithdrawAvailable(U("300")));
        Assert.Equal(plain.Vault.Units, bounded.Vault.Units);
        Assert.Equal(plain.Amm.Reserves("YT", "MOET"), bounded.Amm.Reserves("YT", "MOET"));
        Assert.Equal(0, plain.Vault.Sales.Sales); // without a market nothing is booked against a reference
        Assert.Equal(1, bounded.Vault.Sales.Sales);
    }

    [Fact]
    public void A_rolled_back_sale_is_unbooked()
    {
        var w = new World("1000000", "500000", Market("2", null));
        w.Deposit("1000");
        var before = w.Vault.Sales;
        Assert.Throws<InvalidOperationException>(() => w.Tx.Run(() => { w.Vault.WithdrawAvailable(U("100")); throw new InvalidOperationException("revert"); }));
        Assert.Equal(before, w.Vault.Sales);
        Assert.Equal(U("498.00349051"), w.Vault.Principal);
        Assert.Equal(U("498.00349051"), w.Vault.Units);
    }

    [Fact]
    public void Minting_at_the_reference_takes_units_from_the_reserve_and_leaves_the_pool_alone()
    {
        var w = new World("1000000", "500000", Market("1.25", null) with { MintAtReference = true });
        var pool = w.Amm.Reserves("MOET", "YT");
        w.Deposit("1000");
        Assert.Equal(U("800"), w.Vault.Units);      // 1000 / 1.25
        Assert.Equal(U("800"), w.Vault.Principal);
        Assert.Equal(pool, w.Amm.Reserves("MOET", "YT")); // no swap
        Assert.Equal((U("999200"), U("1000")), (w.Book.Balance("reserve", "YT"), w.Book.Balance("reserve", "MOET")));

        // a deposit the reserve cannot cover buys on the pool instead
        w.Deposit("2000000");
        Assert.Equal(U("999200"), w.Book.Balance("reserve", "YT"));
        Assert.NotEqual(pool, w.Amm.Reserves("MOET", "YT"));
        Assert.Equal(U("800") + (pool!.Value.Out - w.Amm.Reserves("MOET", "YT")!.Value.Out), w.Vault.Units);
    }

    [Fact]
    public void A_minted_deposit_rolls_back_with_its_transaction()
    {
        var w = new World("1000000", "500000", Market("1", null) with { MintAtReference = true });
        Assert.Throws<InvalidOperationException>(() => w.Tx.Run(() =>
        {
            w.Deposit("300");
            Assert.Equal(U("300"), w.Vault.Units);
            throw new InvalidOperationException("revert");
        }));
        Assert.Equal((UFix64.Zero, UFix64.Zero), (w.Vault.Units, w.Vault.Principal));
        Assert.Equal((U("1000000"), UFix64.Zero), (w.Book.Balance("reserve", "YT"), w.Book.Balance("reserve", "MOET")));
    }
}
