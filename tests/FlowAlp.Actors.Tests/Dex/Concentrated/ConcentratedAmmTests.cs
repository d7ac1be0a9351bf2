using System.Numerics;
using FlowAlp.Engine.Dex;
using FlowAlp.Engine.Dex.Concentrated;
using FlowAlp.Engine.Snapshots;
using FlowAlp.Protocol;
using FlowAlp.Protocol.Atomicity;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Actors.Tests.Dex.Concentrated;

/// <summary>A concentrated pair inside the DEX: the same calls as a constant-product pair, dispatched to the pool.</summary>
public class ConcentratedAmmTests
{
    private static UFix64 U(string s) => UFix64.Parse(s);

    private static ConstantProductAmm Dex()
    {
        var amm = new ConstantProductAmm(30);
        amm.SetLiquidity("FLOW", U("1000000"), "MOET", U("1000000"));
        amm.SetConcentratedLiquidity("BTC", "MOET", 3000, U("100000"),
            [new ConcentratedRange(U("90000"), U("110000"), U("8000000")), new ConcentratedRange(U("20000"), U("500000"), U("4000000"))]);
        return amm;
    }

    [Fact]
    public void Quotes_swaps_spot_and_reserves_come_from_the_pool()
    {
        var amm = Dex();
        var pool = amm.Concentrated("BTC", "MOET")!;
        Assert.Null(amm.Concentrated("FLOW", "MOET"));
        Assert.Equal((UFix64.FromRaw(pool.Balance0), UFix64.FromRaw(pool.Balance1)), amm.Reserves("BTC", "MOET"));
        // the opening price rounds down by at most a raw unit or so; the seeded value is about 12M MOET
        Assert.InRange(amm.Spot("BTC", "MOET")!.Value.Raw, U("99999.9999").Raw, U("100000").Raw);
        var (b, m) = amm.Reserves("BTC", "MOET")!.Value;
        Assert.InRange((m + b * U("100000")).ToDouble(), 11_999_000, 12_000_001);

        UFix64 q = amm.QuoteOut("BTC", "MOET", U("1"));
        Assert.InRange(q.ToDouble(), 99_000, 99_700 + 1); // 0.3 % fee plus a little slippage
        Assert.Equal(q, amm.Swap("BTC", "MOET", U("1")).Amount);
        Assert.Equal(b + U("1"), amm.Reserves("BTC", "MOET")!.Value.In);
        Assert.Equal(m - q, amm.Reserves("BTC", "MOET")!.Value.Out);

        UFix64 need = amm.QuoteIn("MOET", "BTC", U("2"));
        Assert.True(amm.Swap("MOET", "BTC", need).Amount >= U("2"));
        Assert.Throws<ProtocolException>(() => amm.QuoteIn("MOET", "BTC", U("1000")));
        Assert.Throws<ProtocolException>(() => amm.AddLiquidity("BTC", U("1"), "MOET", U("1"), out _, out _));
        var swapper = amm.GetSwapper("BTC", "MOET")!;
        Assert.Equal(amm.QuoteOut("BTC", "MOET", U("0.5")), swapper.QuoteOut(U("0.5")).OutAmount);
    }

    [Fact]
    public void Arbitrage_moves_the_pool_to_the_oracle_price()
    {
        var amm = Dex();
        amm.ArbitrageTo(new Dictionary<string, UFix64?> { ["BTC"] = U("77000"), ["FLOW"] = U("2") }, "MOET");
        Assert.InRange(amm.Spot("BTC", "MOET")!.Value.Raw, U("76999.999").Raw, U("77000.001").Raw);
        Assert.InRange(amm.Spot("FLOW", "MOET")!.Value.Raw, U("1.9999").Raw, U("2.0001").Raw);
        var pool = amm.Concentrated("BTC", "MOET")!;
        Assert.Equal(pool.Positions.Where(p => p.Key.Lower <= pool.Tick && pool.Tick < p.Key.Upper).Aggregate(BigInteger.Zero, (s, p) => s + p.Value.Liquidity), (BigInteger)pool.Liquidity);
        Assert.Single(pool.Positions.Keys, k => k.Lower <= pool.Tick && pool.Tick < k.Upper); // 77k is outside the 90–110k range
    }

    [Fact]
    public void A_drain_removes_that_fraction_of_every_range_and_its_tokens()
    {
        var amm = Dex();
        var pool = amm.Concentrated("BTC", "MOET")!;
        var before = pool.Positions.ToDictionary(p => p.Key, p => p.Value.Liquidity);
        var (b0, m0) = amm.Reserves("BTC", "MOET")!.Value;
        amm.Drain(U("0.25"));
        foreach (var (k, l) in before) Assert.Equal(l - (UInt128)((BigInteger)l / 4), pool.Positions[k].Liquidity);
        var (b1, m1) = amm.Reserves("BTC", "MOET")!.Value;
        Assert.InRange(b1.ToDouble() / b0.ToDouble(), 0.7499, 0.7501);
        Assert.InRange(m1.ToDouble() / m0.ToDouble(), 0.7499, 0.7501);
        BigInteger owed0 = 0, owed1 = 0;
        foreach (var (k, p) in pool.Positions)
        {
            var (a0, a1) = pool.AmountsForLiquidity(k.Lower, k.Upper, p.Liquidity, roundUp: false);
            owed0 += a0 + p.TokensOwed0; owed1 += a1 + p.TokensOwed1;
        }
        Assert.True(pool.Balance0 >= owed0 && pool.Balance1 >= owed1);
        Assert.True(pool.Balance0 - owed0 < 10 && pool.Balance1 - owed1 < 10); // only rounding dust beyond what is owed
    }

    [Fact]
    public void A_reverted_transaction_restores_the_pool_and_a_copy_is_detached()
    {
        var amm = Dex();
        var tx = new TransactionContext();
        amm.JoinTransactions(tx);
        var reserves = amm.Reserves("BTC", "MOET");
        var spot = amm.Spot("BTC", "MOET");
        var copy = amm.Copy();
        Assert.Throws<InvalidOperationException>(() => tx.Run(() =>
        {
            amm.Swap("BTC", "MOET", U("3"));
            amm.Drain(U("0.5"));
            throw new InvalidOperationException("revert");
        }));
        Assert.Equal(reserves, amm.Reserves("BTC", "MOET"));
        Assert.Equal(spot, amm.Spot("BTC", "MOET"));
        copy.Swap("BTC", "MOET", U("3"));
        Assert.Equal(reserves, amm.Reserves("BTC", "MOET"));
        Assert.NotEqual(reserves, copy.Reserves("BTC", "MOET"));
        Assert.Equal(amm.QuoteOut("BTC", "MOET", U("3")), Dex().QuoteOut("BTC", "MOET", U("3")));
    }

    [Fact]
    public void A_snapshot_restores_a_concentrated_pair_exactly()
    {
        var amm = Dex();
        amm.Swap("BTC", "MOET", U("4"));
        amm.Swap("MOET", "BTC", U("150000"));
        var restored = ObjectGraph.Read<ConstantProductAmm>(ObjectGraph.Write(amm));
        Assert.Equal(amm.Reserves("BTC", "MOET"), restored.Reserves("BTC", "MOET"));
        var (p, r) = (amm.Concentrated("BTC", "MOET")!, restored.Concentrated("BTC", "MOET")!);
        Assert.Equal((p.SqrtPriceX96, p.Tick, p.Liquidity, p.FeeGrowthGlobal0X128, p.FeeGrowthGlobal1X128), (r.SqrtPriceX96, r.Tick, r.Liquidity, r.FeeGrowthGlobal0X128, r.FeeGrowthGlobal1X128));
        Assert.Equal(amm.Swap("BTC", "MOET", U("7")), restored.Swap("BTC", "MOET", U("7")));
        Assert.Equal(amm.QuoteIn("MOET", "BTC", U("1")), restored.QuoteIn("MOET", "BTC", U("1")));
    }

    [Theory]
    [InlineData("BTC", 3000u)]  // the base token sorts first: token0
    [InlineData("ZEC", 500u)]   // the base token sorts after MOET: token1, prices inverted inside the pool
    public void Ranges_in_and_out_of_range_hold_their_depth_at_the_opening_price(string token, uint fee)
    {
        var amm = new ConstantProductAmm(30);
        amm.SetConcentratedLiquidity(token, "MOET", fee, U("250"),
            [new ConcentratedRange(U("100"), U("200"), U("1000000")), new ConcentratedRange(U("240"), U("260"), U("3000000")), new ConcentratedRange(U("300"), U("900"), U("500000"))]);
        var (held, moet) = amm.Reserves(token, "MOET")!.Value;
        double value = moet.ToDouble() + held.ToDouble() * 250;
        Assert.InRange(value, 4_500_000 * 0.9999, 4_500_000 * 1.0001);
        var pool = amm.Concentrated(token, "MOET")!;
        Assert.Equal(3, pool.Positions.Count);
        Assert.All(pool.Positions.Keys, k => Assert.True(k.Lower % pool.Tier.TickSpacing == 0 && k.Upper % pool.Tier.TickSpacing == 0));
        // the range below the price holds only MOET, the one above only the token
        var below = pool.Positions.Keys.Single(k => pool.IsToken0(token) ? k.Upper <= pool.Tick : k.Lower > pool.Tick);
        var (b0, b1) = pool.AmountsForLiquidity(below.Lower, below.Upper, pool.Positions[below].Liquidity, roundUp: false);
        Assert.Equal(BigInteger.Zero, pool.IsToken0(token) ? b0 : b1);
        Assert.InRange((double)(pool.IsToken0(token) ? b1 : b0) / 1e8, 999_900, 1_000_000);
    }
}
