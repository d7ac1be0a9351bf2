using FlowAlp.Protocol.Health;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Tests.Health;

/// <summary>§6.1 step 9 in its one home: exact values in the contract's order, and a revert where a subtraction underflows.</summary>
public class PostLiquidationHealthTests
{
    private static UFix128 U(string s) => UFix128.Parse(s);

    // 1,000 FLOW at $1 with CF 0.8 against 1,000 MOET at $1 with BF 0.9: Ce = 800, De = 1,111.1…, health 0.72
    private static readonly TokenSnapshot Flow = new(U("1"), U("1"), U("1"), U("0.8"), U("1"));
    private static readonly TokenSnapshot Moet = new(U("1"), U("1"), U("1"), U("1"), U("0.9"));
    private static readonly BalanceSheet Sheet = new(new() { ["FLOW"] = U("800") }, new() { ["MOET"] = U("1000") / U("0.9") });

    [Fact]
    public void Post_health_is_exact_in_contract_order()
    {
        // Ce 800 − 100·1·0.8 = 720; De 1111.111111111111111111111111 − 150·1÷0.9 (166.666666666666666666666666) = 944.444444444444444444444445
        var post = PostLiquidationHealth.Of(Sheet, UFix64.Parse("100"), Flow, UFix64.Parse("150"), Moet);
        Assert.Equal(U("720") / (U("1111.111111111111111111111111") - U("166.666666666666666666666666")), post);
        Assert.Equal("0.762352941176470588235294", post.ToString());
        Assert.Equal(post, PostLiquidationHealth.TryOf(Sheet, UFix64.Parse("100"), Flow, UFix64.Parse("150"), Moet));
    }

    [Fact]
    public void Seizing_more_than_the_effective_collateral_reverts_like_the_contract()
    {
        Assert.Throws<FixedPointException>(() => PostLiquidationHealth.Of(Sheet, UFix64.Parse("1000.00000001"), Flow, UFix64.Parse("1"), Moet));
        Assert.Null(PostLiquidationHealth.TryOf(Sheet, UFix64.Parse("1000.00000001"), Flow, UFix64.Parse("1"), Moet));
        Assert.Null(PostLiquidationHealth.TryOf(Sheet, UFix64.Parse("1"), Flow, UFix64.Parse("1000.00000001"), Moet));
    }

    [Fact]
    public void Repaying_all_debt_leaves_no_debt()
    {
        var post = PostLiquidationHealth.Of(Sheet, UFix64.Parse("10"), Flow, UFix64.Parse("1000"), Moet);
        Assert.Equal(UFix128.Max, post);
    }
}
