using System.Numerics;
using CsCheck;
using FlowAlp.Engine.Dex.Concentrated;

namespace FlowAlp.Actors.Tests.Dex.Concentrated;

/// <summary>Properties of the concentrated-liquidity pool over random pools, positions and swaps.</summary>
public class PoolPropertyTests
{
    private const int Samples = 300;

    private static BigInteger InRangeLiquidity(ConcentratedPool pool) =>
        pool.Positions.Where(p => p.Key.Lower <= pool.Tick && pool.Tick < p.Key.Upper).Aggregate(BigInteger.Zero, (s, p) => s + p.Value.Liquidity);

    [Fact]
    public void A_round_trip_never_creates_value()
    {
        PoolCheck.ForAll(Gen.Select(PoolCheck.Pool, PoolCheck.Amount, Gen.Bool), Samples, 1900, c =>
        {
            var (spec, x, zeroFirst) = c;
            var pool = spec.Build();
            string a = zeroFirst ? "T0" : "T1", b = zeroFirst ? "T1" : "T0";
            ulong y = pool.SwapExactIn(a, x);
            ulong back = y == 0 ? 0 : pool.SwapExactIn(b, y);
            Assert.True(back <= x, $"{x} {a} → {y} {b} → {back} {a}");
        });
    }

    [Fact]
    public void Output_and_price_move_monotonically_with_size_and_quotes_change_nothing()
    {
        PoolCheck.ForAll(Gen.Select(PoolCheck.Pool, PoolCheck.Amount, PoolCheck.Amount, Gen.Bool), Samples, 1901, c =>
        {
            var (spec, p, q, zeroForOne) = c;
            var pool = spec.Build();
            ulong small = Math.Min(p, q), large = Math.Max(p, q);
            var state = (pool.SqrtPriceX96, pool.Tick, pool.Liquidity, pool.Balance0, pool.Balance1, pool.FeeGrowthGlobal0X128, pool.FeeGrowthGlobal1X128,
                Outside: string.Join(",", pool.Ticks.Select(t => $"{t.Key}:{t.Value.FeeGrowthOutside0X128}:{t.Value.FeeGrowthOutside1X128}")));
            var s = pool.Swap(zeroForOne, small, commit: false);
            var l = pool.Swap(zeroForOne, large, commit: false);
            // quotes change nothing, not even the fee growth outside the ticks they cross
            Assert.Equal(state, (pool.SqrtPriceX96, pool.Tick, pool.Liquidity, pool.Balance0, pool.Balance1, pool.FeeGrowthGlobal0X128, pool.FeeGrowthGlobal1X128,
                string.Join(",", pool.Ticks.Select(t => $"{t.Key}:{t.Value.FeeGrowthOutside0X128}:{t.Value.FeeGrowthOutside1X128}"))));
            BigInteger outS = -(zeroForOne ? s.Amount1 : s.Amount0), outL = -(zeroForOne ? l.Amount1 : l.Amount0);
            Assert.True(outS <= outL, $"out {small} → {outS}, {large} → {outL}");
            Assert.True(zeroForOne ? l.SqrtPriceX96 <= s.SqrtPriceX96 : l.SqrtPriceX96 >= s.SqrtPriceX96);
            Assert.True(zeroForOne ? s.SqrtPriceX96 <= pool.SqrtPriceX96 : s.SqrtPriceX96 >= pool.SqrtPriceX96);
        });
    }

    [Fact]
    public void Exact_out_input_buys_at_least_that_output_exact_in()
    {
        PoolCheck.ForAll(Gen.Select(PoolCheck.Pool, PoolCheck.Amount, Gen.Bool), Samples, 1902, c =>
        {
            var (spec, want, zeroForOne) = c;
            var pool = spec.Build();
            string tin = zeroForOne ? "T0" : "T1";
            var q = pool.Swap(zeroForOne, -(BigInteger)want, commit: false);
            BigInteger got = -(zeroForOne ? q.Amount1 : q.Amount0), paid = zeroForOne ? q.Amount0 : q.Amount1;
            if (got < want) return; // the pool cannot deliver that much (covered by the reference table)
            ulong exactIn = pool.SwapExactIn(tin, (ulong)paid, commit: false);
            Assert.True(exactIn >= want, $"exact out {want} costs {paid}; exact in {paid} gives {exactIn}");
            if (paid > 1) Assert.True(pool.SwapExactIn(tin, (ulong)paid - 1, commit: false) <= want, "one unit less buys more than asked");
        });
    }

    [Fact]
    public void Fees_accrue_only_to_liquidity_in_range()
    {
        int earning = 0;
        PoolCheck.ForAll(Gen.Select(PoolCheck.Pool, PoolCheck.Amount.Array[1, 6], Gen.Bool.Array[6]), Samples, 1903, c =>
        {
            var (spec, sizes, dirs) = c;
            var pool = spec.Build();
            // a position far below every range that no swap here can reach
            pool.Mint("far", TickMath.MinTick / spec.Tier.TickSpacing * spec.Tier.TickSpacing, (-200_000 / spec.Tier.TickSpacing) * spec.Tier.TickSpacing, 1_000_000_000);
            for (int i = 0; i < sizes.Length; i++)
            {
                var before = pool.Positions.ToDictionary(p => p.Key, p => pool.UnbookedFees(p.Key));
                bool z = dirs[i];
                var inRange = pool.Positions.Keys.Where(k => k.Lower <= pool.Tick && pool.Tick < k.Upper).ToHashSet();
                var o = pool.Swap(z, sizes[i], z ? BigInteger.Max(pool.SqrtPriceX96 * 999 / 1000, TickMath.MinSqrtRatio + 1) : BigInteger.Min(pool.SqrtPriceX96 * 1001 / 1000, TickMath.MaxSqrtRatio - 1));
                if (o.TicksCrossed > 0) continue; // positions entering or leaving the range mid-swap
                BigInteger paid = z ? o.Amount0 : o.Amount1, inRangeGain = 0;
                foreach (var k in pool.Positions.Keys)
                {
                    var (f0, f1) = pool.UnbookedFees(k);
                    var gained = z ? f0 - before[k].Fees0 : f1 - before[k].Fees1;
                    Assert.Equal(BigInteger.Zero, z ? f1 - before[k].Fees1 : f0 - before[k].Fees0); // fees come in the input token
                    if (!inRange.Contains(k)) Assert.Equal(BigInteger.Zero, gained);
                    else { Assert.True(gained >= 0); inRangeGain += gained; }
                }
                // the in-range positions share the fee: about fee·paid (a partial step's rounding goes to the fee), less rounding per position
                BigInteger fee = paid * spec.Tier.FeePips / 1_000_000;
                Assert.True(inRangeGain <= fee + 3, $"positions gained {inRangeGain}, the fee was about {fee}");
                if (inRange.Count > 0) Assert.True(inRangeGain >= fee - 2 * inRange.Count - 2, $"positions gained {inRangeGain}, the fee was about {fee}");
                if (inRangeGain > 0) earning++;
            }
            Assert.Equal((BigInteger.Zero, BigInteger.Zero), pool.UnbookedFees(pool.Positions.Keys.Single(k => k.Owner == "far")));
        });
        Assert.True(earning > Samples, $"only {earning} swaps paid fees to positions in range");
    }

    [Fact]
    public void Crossing_ticks_keeps_the_in_range_liquidity_equal_to_the_positions_in_range()
    {
        int crossed = 0;
        PoolCheck.ForAll(Gen.Select(PoolCheck.Pool, PoolCheck.Amount.Array[1, 8], Gen.Bool.Array[8]), Samples, 1904, c =>
        {
            var (spec, sizes, dirs) = c;
            var pool = spec.Build();
            Assert.Equal(InRangeLiquidity(pool), (BigInteger)pool.Liquidity);
            for (int i = 0; i < sizes.Length; i++)
            {
                if (pool.SqrtPriceX96 == (dirs[i] ? TickMath.MinSqrtRatio + 1 : TickMath.MaxSqrtRatio - 1)) continue;
                crossed += pool.Swap(dirs[i], sizes[i]).TicksCrossed;
                Assert.Equal(InRangeLiquidity(pool), (BigInteger)pool.Liquidity);
                Assert.Equal(TickMath.TickAtSqrtRatio(pool.SqrtPriceX96) - (pool.SqrtPriceX96 == TickMath.SqrtRatioAtTick(pool.Tick + 1) ? 1 : 0), pool.Tick);
            }
        });
        Assert.True(crossed > Samples, $"only {crossed} tick crossings");
    }

    [Fact]
    public void The_pool_holds_what_its_positions_are_owed_and_keeps_only_dust_after_all_leave()
    {
        PoolCheck.ForAll(Gen.Select(PoolCheck.Pool, PoolCheck.Amount.Array[1, 8], Gen.Bool.Array[8]), Samples, 1905, c =>
        {
            var (spec, sizes, dirs) = c;
            var pool = spec.Build();
            for (int i = 0; i < sizes.Length; i++)
            {
                if (pool.SqrtPriceX96 != (dirs[i] ? TickMath.MinSqrtRatio + 1 : TickMath.MaxSqrtRatio - 1)) pool.Swap(dirs[i], sizes[i]);
                BigInteger owed0 = 0, owed1 = 0;
                foreach (var (k, p) in pool.Positions)
                {
                    var (a0, a1) = pool.AmountsForLiquidity(k.Lower, k.Upper, p.Liquidity, roundUp: false);
                    var (f0, f1) = pool.UnbookedFees(k);
                    owed0 += a0 + f0 + p.TokensOwed0; owed1 += a1 + f1 + p.TokensOwed1;
                }
                Assert.True(pool.Balance0 >= owed0 && pool.Balance1 >= owed1, $"holds {pool.Balance0}/{pool.Balance1}, owes {owed0}/{owed1}");
            }
            ulong paid0 = 0, paid1 = 0;
            foreach (var k in pool.Positions.Keys.ToList())
            {
                pool.Burn(k.Owner, k.Lower, k.Upper, pool.Positions[k].Liquidity);
                var (c0, c1) = pool.Collect(k.Owner, k.Lower, k.Upper);
                paid0 += c0; paid1 += c1;
            }
            Assert.Empty(pool.Positions);
            Assert.Equal(UInt128.Zero, pool.Liquidity);
            // only rounding dust stays: a few raw units per position and swap step
            Assert.True(pool.Balance0 < 1000 && pool.Balance1 < 1000, $"left {pool.Balance0}/{pool.Balance1}");
        });
    }
}
