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
