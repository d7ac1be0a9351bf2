using BenchmarkDotNet.Attributes;
using FlowAlp.Engine.Dex;
using FlowAlp.Engine.Dex.Concentrated;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Benchmarks;

/// <summary>
/// The liquidation DEX's hot calls on a constant-product pair and on a concentrated pair of the same depth
/// (hightide-concentrated's three MOET:BTC ranges): the exact-out quote liquidators size offers with, an exact-in
/// quote, a quote large enough to cross a range end, and the tick lookup behind every partial step.
/// </summary>
[MemoryDiagnoser]
public class DexQuoteBenchmarks
{
    private ConstantProductAmm _cp = null!, _cl = null!;
    private readonly System.Numerics.BigInteger _sqrt = TickMath.SqrtRatioAtTick(115_000) + 123_456_789;

    [GlobalSetup]
    public void Setup()
    {
        _cp = new ConstantProductAmm(30);
        _cp.SetLiquidity("BTC", UFix64.FromInteger(200), "MOET", UFix64.FromInteger(20_000_000));
        _cl = new ConstantProductAmm(30);
        _cl.SetConcentratedLiquidity("BTC", "MOET", 3000, UFix64.FromInteger(100_000),
        [
            new(UFix64.FromInteger(90_000), UFix64.FromInteger(110_000), UFix64.FromInteger(8_000_000)),
            new(UFix64.FromInteger(70_000), UFix64.FromInteger(130_000), UFix64.FromInteger(8_000_000)),
            new(UFix64.FromInteger(20_000), UFix64.FromInteger(500_000), UFix64.FromInteger(4_000_000)),
        ]);
    }

    [Benchmark(Baseline = true)] public UFix64 QuoteIn_constant_product() => _cp.QuoteIn("BTC", "MOET", UFix64.FromInteger(5_000));
    [Benchmark] public UFix64 QuoteIn_concentrated() => _cl.QuoteIn("BTC", "MOET", UFix64.FromInteger(5_000));
    [Benchmark] public UFix64 QuoteOut_concentrated() => _cl.QuoteOut("BTC", "MOET", UFix64.FromInteger(1));
    [Benchmark] public UFix64 QuoteOut_concentrated_crossing_a_range() => _cl.QuoteOut("BTC", "MOET", UFix64.FromInteger(60));
    [Benchmark] public int TickAtSqrtRatio() => TickMath.TickAtSqrtRatio(_sqrt);
}
