using FlowAlp.Engine.Dex.Concentrated;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Simulation.Scenarios;

/// <summary>A concentrated-liquidity pair of the DEX: its fee tier (pips) and the ranges seeded at the opening price.</summary>
public sealed record ConcentratedPairSpec(uint FeeTier, IReadOnlyList<ConcentratedRange> Ranges);

/// <summary>
/// Parses the opt-in <c>dex.concentrated</c> map: token → { feeTier, ranges: [ { lowerPrice, upperPrice, depth } ] },
/// prices in MOET per token, depth the MOET value of a range at the opening price; and the same pair object as
/// <c>yieldVaults.concentrated</c> (the MOET:yield-token pool, opening at 1). Errors name the field.
/// </summary>
internal static class ConcentratedDexParser
{
    public const int MaxRanges = 64;

    public static IReadOnlyDictionary<string, ConcentratedPairSpec>? Parse(JsonReader dex, ISet<string> tokens)
    {
        if (!dex.Has("concentrated")) return null;
        var pairs = new SortedDictionary<string, ConcentratedPairSpec>(StringComparer.Ordinal);
        foreach (var (token, e, path) in dex.Map("concentrated"))
        {
            if (!tokens.Contains(token)) throw new ScenarioException(path, "is not a token of the pool");
            if (e.ValueKind != System.Text.Json.JsonValueKind.Object) throw new ScenarioException(path, "must be a JSON object");
            pairs[token] = Pair(new JsonReader(e, path));
        }
        return pairs;
    }

    /// <summary>
    /// Seeds each concentrated pair once on a throwaway DEX at its opening price (the token's start price; 1 for the
    /// yield token), so a range the pool cannot hold (e.g. a depth too small for any liquidity) is a scenario error.
    /// </summary>
    public static void CheckSeeding(DexSpec dex, StrategySpec? strategies, IReadOnlyDictionary<string, PriceSpec> prices, string moet)
    {
        void Seed(string at, string token, ConcentratedPairSpec pair, double price)
        {
            UFix64 open;
            try { open = UFix64.FromDouble(price); }
            catch (Exception e) when (e is ArgumentException or OverflowException) { throw new ScenarioException(at, $"the start price {price} cannot open a pool"); }
            try { new Engine.Dex.ConstantProductAmm().SetConcentratedLiquidity(token, moet, pair.FeeTier, open, pair.Ranges); }
            catch (Exception e) when (e is ArgumentException or Protocol.ProtocolException or OverflowException)
            { throw new ScenarioException(at, (e is Protocol.ProtocolException p ? p.Reason : e.Message).Split('\n')[0].Trim()); }
        }
        foreach (var (token, pair) in dex.Concentrated ?? new Dictionary<string, ConcentratedPairSpec>())
            Seed($"dex.concentrated.{token}", token, pair, prices.TryGetValue(token, out var p) ? p.Start : 1);
        if (strategies?.Concentrated is { } yc) Seed("yieldVaults.concentrated", strategies.YieldToken, yc, 1);
    }

    /// <summary>The optional <c>concentrated</c> object of <paramref name="owner"/> (e.g. yieldVaults), or null.</summary>
    public static ConcentratedPairSpec? OptionalPair(JsonReader owner) =>
        owner.OptionalObject("concentrated") is { } p ? Pair(p) : null;

    private static ConcentratedPairSpec Pair(JsonReader p)
    {
        long fee = p.Integer("feeTier", 3000, 0, 1_000_000);
        if (FeeTier.Of((uint)fee) is null) throw p.Error("feeTier", $"must be one of 100, 500, 3000, 10000 (pips), got {fee}");
        var ranges = new List<ConcentratedRange>();
        foreach (var (item, at) in p.Array("ranges", minCount: 1, maxCount: MaxRanges))
        {
            if (item.ValueKind != System.Text.Json.JsonValueKind.Object) throw new ScenarioException(at, "must be a JSON object");
            var r = new JsonReader(item, at);
            var range = new ConcentratedRange(r.Decimal("lowerPrice"), r.Decimal("upperPrice"), r.Decimal("depth"));
            if (range.LowerPrice.IsZero) throw r.Error("lowerPrice", "must be greater than 0");
            if (range.UpperPrice <= range.LowerPrice) throw r.Error("upperPrice", $"must be above lowerPrice {range.LowerPrice}, got {range.UpperPrice}");
            if (range.Depth.IsZero) throw r.Error("depth", "must be greater than 0");
            r.Done();
            ranges.Add(range);
        }
        p.Done();
        return new ConcentratedPairSpec((uint)fee, ranges);
    }
}
