using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Oracles;

namespace FlowAlp.Protocol.Tests.Oracles;

public class OracleLayerTests
{
    private static UFix64 U(string s) => UFix64.Parse(s);
    private static UFix64 T(ulong s) => UFix64.FromInteger(s);

    private static SettableOracle Fixed(string price)
    {
        var o = new SettableOracle("MOET");
        o.Set("FLOW", U(price));
        return o;
    }

    private static AggregatorConfig Loose(int minHistory = 0) => new(U("10000"), U("10000"), U("0"), 3600, minHistory, 60, 10);

    [Fact]
    public void Aggregator_mean_truncates_like_ufix64()
    {
        var agg = new AggregatorOracle(new[] { Fixed("1"), Fixed("2"), Fixed("10") }, Loose());
        Assert.Equal("4.33333333", agg.Price("FLOW", T(0)).ToString());
        Assert.Equal(UFix64.One, agg.Price("MOET", T(0)));
    }

    [Fact]
    public void Aggregator_spread_boundary_is_inclusive()
    {
        var cfg = Loose() with { MaxSpread = U("0.1") };
        Assert.Equal("1.05000000", new AggregatorOracle(new[] { Fixed("1.0"), Fixed("1.1") }, cfg).Price("FLOW", T(0)).ToString());
        var wide = new AggregatorOracle(new[] { Fixed("1.0"), Fixed("1.10000001") }, cfg);
        Assert.Null(wide.Price("FLOW", T(0)));
        Assert.Equal("spread", wide.LastRejection);
    }

    [Fact]
    public void Aggregator_missing_source_gives_no_price()
    {
        var none = new SettableOracle("MOET");
        var agg = new AggregatorOracle(new IPriceOracle[] { Fixed("1"), none }, Loose());
        Assert.Null(agg.Price("FLOW", T(0)));
        Assert.Equal("missing", agg.LastRejection);
    }

    [Fact]
    public void Aggregator_history_rejects_a_jump_beyond_tolerance_plus_drift()
    {
        var feed = Fixed("1.0");
        var agg = new AggregatorOracle(new[] { feed }, new AggregatorConfig(U("1"), U("0.02"), U("0.01"), 3600, 1, 60, 10));
        Assert.Null(agg.Price("FLOW", T(0)));            // no history yet: fewer than 1 entry
        Assert.Equal("history", agg.LastRejection);
        Assert.Equal(U("1.0"), agg.Price("FLOW", T(60)));  // one entry at t=0, equal price
        feed.Set("FLOW", U("1.04"));                     // 4 % after 2 minutes: 0.02 + 0.01×2 = 0.04 allowed from t=0, 0.03 from t=60
        Assert.Null(agg.Price("FLOW", T(120)));
        feed.Set("FLOW", U("1.03"));
        Assert.Equal(U("1.03"), agg.Price("FLOW", T(180)));
    }

    [Fact]
    public void Aggregator_validates_tolerances()
    {
        var e = Assert.Throws<ArgumentException>(() => new AggregatorOracle(new[] { Fixed("1") }, Loose() with { BaseTolerance = U("10000.00000001") }));
        Assert.StartsWith("baseTolerance", e.Message);
    }

    [Fact]
    public void Staleness_boundary_is_now_at_timestamp_plus_threshold()
    {
        var feed = new TimedFeedOracle("MOET", T(3600));
        feed.Publish("FLOW", U("0.5"), T(1000));
        Assert.Equal(U("0.5"), feed.Price("FLOW", T(4599)));
        Assert.Null(feed.Price("FLOW", T(4600)));
    }

    [Fact]
    public void Fallback_uses_the_secondary_when_the_primary_is_stale()
    {
        var primary = new TimedFeedOracle("MOET", T(60));
        primary.Publish("FLOW", U("1.0"), T(0));
        var fb = new FallbackOracle(primary, Fixed("0.9"));
        Assert.Equal(U("1.0"), fb.Price("FLOW", T(59)));
        Assert.Equal(FallbackOracle.Source.Primary, fb.LastSource);
        Assert.Equal(U("0.9"), fb.Price("FLOW", T(60)));
        Assert.Equal(FallbackOracle.Source.Secondary, fb.LastSource);
        Assert.Null(new FallbackOracle(primary, new SettableOracle("MOET")).Price("FLOW", T(60)));
    }

    [Fact]
    public void Twap_of_a_step_change_is_time_weighted()
    {
        var twap = new TwapOracle("MOET", 600);
        twap.Record("FLOW", U("1.0"), T(0));
        twap.Record("FLOW", U("2.0"), T(900));
        // Window [400, 1000]: 1.0 for 500 s, 2.0 for 100 s → (500 + 200) / 600 = 1.16666666
        Assert.Equal("1.16666666", twap.Price("FLOW", T(1000)).ToString());
        // Partial window at the start: only the observed 300 s count.
        Assert.Equal(U("1.0"), twap.Price("FLOW", T(300)));
        Assert.Null(new TwapOracle("MOET", 600).Price("FLOW", T(10)));
    }

    [Fact]
    public void Router_routes_per_token_and_checks_the_unit()
    {
        var r = new RouterOracle("MOET", new Dictionary<string, IPriceOracle> { ["FLOW"] = Fixed("0.7") });
        Assert.Equal(U("0.7"), r.Price("FLOW", T(0)));
        Assert.Null(r.Price("BTC", T(0)));
        Assert.Throws<ArgumentException>(() => new RouterOracle("USD", new Dictionary<string, IPriceOracle> { ["FLOW"] = Fixed("1") }));
    }
}
