using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.World;
using FlowAlp.Simulation.ReferenceMarket;

namespace FlowAlp.Actors.Tests.Pool;

/// <summary>
/// Per-position storage kept small at 10M positions: a ledger's seized-collateral map exists only once something was
/// seized (copies included), and wallet connectors are one per account, not one per position.
/// </summary>
public class PositionLedgerTests
{
    [Fact]
    public void Seized_collateral_reads_empty_until_added_and_copies_independently()
    {
        var fresh = new PositionLedger { Rebalances = 3 };
        var copy = fresh.Copy();
        Assert.Equal(3, copy.Rebalances);
        Assert.Empty(copy.Seized);
        Assert.Empty(fresh.Seized);

        fresh.AddSeized("FLOW", UFix64.FromInteger(5));
        var second = fresh.Copy();
        second.AddSeized("FLOW", UFix64.FromInteger(2));
        second.AddSeized("MOET", UFix64.One); // a second token: kept in a sorted map from then on
        second.AddSeized("BTC", UFix64.One);
        second.AddSeized("MOET", UFix64.One);
        Assert.Equal(UFix64.FromInteger(5), fresh.Seized["FLOW"]);
        Assert.Single(fresh.Seized);
        Assert.Equal(["BTC", "FLOW", "MOET"], second.Seized.Keys);
        Assert.Equal([UFix64.One, UFix64.FromInteger(7), UFix64.FromInteger(2)], second.Seized.Values);
        var third = second.Copy();
        third.AddSeized("BTC", UFix64.One);
        Assert.Equal(UFix64.One, second.Seized["BTC"]);
        Assert.Equal(UFix64.FromInteger(2), third.Seized["BTC"]);
        Assert.Empty(copy.Seized); // the first copy was taken before anything was seized
    }

    [Fact]
    public void Wallet_connectors_are_one_per_account()
    {
        var world = new ScriptWorld(new TickMarket(4).Setup());
        var sink = world.SinkFor("treasury-1");
        Assert.Same(sink, world.SinkFor("treasury-1"));
        Assert.NotSame(sink, world.SinkFor("treasury-2"));
        Assert.Same(world.SourceFor("treasury-1"), world.SourceFor("treasury-1"));
        Assert.Null(world.SinkFor(null));
        Assert.Null(world.SourceFor(null));
        Assert.Equal("treasury-1", ((FlowAlp.Protocol.Connectors.WalletSink)sink!).Account);
        Assert.Equal(world.Pool.DefaultToken, sink!.TokenType);
    }
}
