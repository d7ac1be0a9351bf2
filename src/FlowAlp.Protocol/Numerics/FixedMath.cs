namespace FlowAlp.Protocol.Numerics;

/// <summary>FlowALPMath: per-second rates, compounding and the DEX/oracle deviation check.</summary>
public static class FixedMath
{
    /// <summary>Seconds per year used by the contract (365.25 days).</summary>
    public const ulong SecondsPerYear = 31_557_600;
    private static readonly UFix128 SecondsPerYear128 = UFix128.FromInteger(SecondsPerYear);

    /// <summary>Annual nominal rate -> per-second growth factor: rate ÷ 31,557,600 + 1.</summary>
    public static UFix128 PerSecondRate(UFix128 yearlyRate) => yearlyRate / SecondsPerYear128 + UFix128.One;

    /// <summary>Square-and-multiply with 24-dp truncation after every multiply (spec §3.3).</summary>
    public static UFix128 Pow(UFix128 @base, ulong exponent)
    {
        var result = UFix128.One;
        if (@base == UFix128.One) return result;
        while (exponent > 0)
        {
            if ((exponent & 1) != 0) result *= @base;
            // The contract squares unconditionally, even after the last bit; mirror it (it can only overflow identically).
            @base *= @base;
            exponent >>= 1;
        }
        return result;
    }

    /// <summary>(1 + r/SPY)^SPY − 1: the effective yearly rate of a nominal rate compounded per second.</summary>
    public static UFix128 EffectiveYearlyRate(UFix128 yearlyRate) => Pow(PerSecondRate(yearlyRate), SecondsPerYear) - UFix128.One;

    /// <summary>
    /// dexOraclePriceDeviationInRange: |dex − oracle| ÷ min(dex, oracle), in whole bps (UFix64 truncation), ≤ max.
    /// </summary>
    public static bool DexOracleDeviationInRange(UFix64 dexPrice, UFix64 oraclePrice, ulong maxDeviationBps)
        => DeviationBps(dexPrice, oraclePrice) <= maxDeviationBps;

    public static ulong DeviationBps(UFix64 dexPrice, UFix64 oraclePrice)
    {
        if (dexPrice == oraclePrice) return 0;
        UFix64 diff = dexPrice > oraclePrice ? dexPrice - oraclePrice : oraclePrice - dexPrice;
        UFix64 pct = diff / UFix64.Min(dexPrice, oraclePrice);
        ulong bps = (pct * UFix64.FromInteger(10_000)).Floor;
        // The contract converts to UInt16: a larger deviation is a runtime overflow, i.e. a revert.
        if (bps > ushort.MaxValue) throw new FixedPointException("DEX/oracle price deviation overflows UInt16 bps");
        return bps;
    }
}
