using CsCheck;
using FlowAlp.Engine.Dex.Concentrated;

namespace FlowAlp.Actors.Tests.Dex.Concentrated;

/// <summary>A random pool: a fee tier, an opening tick and 1–4 positions around it (some out of range).</summary>
internal sealed record PoolSpec(FeeTier Tier, int OpenTick, (int Lower, int Upper, ulong Liquidity)[] Positions)
{
    public ConcentratedPool Build()
    {
        var pool = new ConcentratedPool("T0", "T1", Tier, TickMath.SqrtRatioAtTick(OpenTick) + 12345);
        for (int i = 0; i < Positions.Length; i++)
        {
            var (lo, hi, l) = Positions[i];
            pool.Mint($"lp{i}", lo, hi, l);
        }
        return pool;
    }

    public override string ToString() => $"{Tier} open {OpenTick} positions {string.Join(" ", Positions.Select(p => $"[{p.Lower},{p.Upper})x{p.Liquidity}"))}";
}

/// <summary>
/// Generators of pools and swap sizes, and reproducible sampling: sample i comes from the fixed CsCheck PCG
/// (stream 7, seed + i), so every run checks the same cases; a failure names the sample and its case.
/// </summary>
internal static class PoolCheck
{
    public static readonly Gen<PoolSpec> Pool =
        from tier in Gen.Int[0, 3].Select(i => FeeTier.All[i])
        from open in Gen.Int[-40_000, 40_000]
        from n in Gen.Int[1, 4]
        from ranges in Gen.Select(Gen.Int[-60, 60], Gen.Int[1, 80], Gen.Long[10_000_000_000L, 10_000_000_000_000_000L]).Array[n]
        select new PoolSpec(tier, open, ranges.Select(r =>
        {
            int lower = (open / tier.TickSpacing + r.Item1) * tier.TickSpacing;
            return (lower, lower + r.Item2 * tier.TickSpacing, (ulong)r.Item3);
        }).ToArray());

    /// <summary>Swap sizes from dust to far more than most pools hold (raw units).</summary>
    public static readonly Gen<ulong> Amount = Gen.Int[0, 15].SelectMany(e => Gen.ULong[1, (ulong)Math.Pow(10, e) * 9]);

    public static void ForAll<T>(Gen<T> gen, int samples, ulong seed, Action<T> body)
    {
        for (int i = 0; i < samples; i++)
        {
            var value = gen.Generate(new PCG(7u, seed + (ulong)i), null, out _);
            try { body(value); }
            catch (Exception e) { throw new Xunit.Sdk.XunitException($"sample {i} failed: {e.Message}\n{value}", e); }
        }
    }
}
