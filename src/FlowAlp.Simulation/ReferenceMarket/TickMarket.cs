using FlowAlp.Actors.Dex;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Oracles;
using FlowAlp.Actors.Pool;
using FlowAlp.Actors.Rebalancing;
using FlowAlp.Protocol;
using FlowAlp.Protocol.Interest;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Dex;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.Oracles;
using FlowAlp.Engine.Rebalancing;
using FlowAlp.Engine.World;
using FlowAlp.Simulation.Prices;

namespace FlowAlp.Simulation.ReferenceMarket;

/// <summary>
/// The engine's reference market (tests and the `scale` benchmark): N FLOW-collateral positions that auto-borrow MOET
/// into wallet sinks, a FLOW price on a seeded GBM with an optional crash, a rebalancer per position every
/// <see cref="RebalanceInterval"/> paid by an admin funder, the hourly rebalance supervisor, a constant-product
/// FLOW/MOET DEX kept at the oracle price by arbitrage, and liquidators. Positions with an even id have a wallet
/// topUpSource (16 shared treasuries, so some run dry); odd ones have none and get liquidated in a crash.
/// </summary>
public sealed record TickMarket(int Positions, int Seed = 7, double Volatility = 0.8, double CrashFraction = 0.0, ulong CrashAt = 6 * 3600,
    ulong TickSeconds = 60, ulong RebalanceInterval = 600, int Liquidators = 2)
{
    public const int Treasuries = 16;
    public static readonly UFix64 Fee = UFix64.Parse("0.00105");

    public Script Setup()
    {
        var big = UFix64.FromInteger(10_000_000_000);
        // the cap grows by depositRate every hour without bound (spec §5.3) and UFix64 tops out near 1.8e11: a rate of a
        // million an hour keeps a year-long soak far from overflow (at 1e10 an hour every FLOW operation reverts after 17 h)
        var flow = new TokenSettings("FLOW", UFix64.Parse("0.8"), UFix64.One, new FixedCurve(UFix128.Parse("0.05")), UFix64.FromInteger(1_000_000), big)
            { DepositLimitFraction = UFix64.One };
        var accounts = new Dictionary<string, IReadOnlyDictionary<string, UFix64>>();
        for (int i = 0; i < Treasuries; i++)
            accounts[$"treasury-{i}"] = new Dictionary<string, UFix64> { ["FLOW"] = UFix64.FromInteger((ulong)Positions * 200 / Treasuries + 1000), ["MOET"] = UFix64.FromInteger((ulong)Positions * 2 / Treasuries + 10) };
        accounts["admin"] = new Dictionary<string, UFix64> { ["FLOW"] = UFix64.FromInteger((ulong)Positions * 200 + 1000) };
        for (int l = 0; l < Liquidators; l++) accounts[$"liquidator-{l}"] = new Dictionary<string, UFix64> { ["MOET"] = UFix64.FromInteger((ulong)Positions * 100 + 10_000) };
        return new Script(new PoolConfig(), new[] { flow }, new Dictionary<string, UFix64?> { ["FLOW"] = UFix64.One },
            new Dictionary<(string, string), UFix64>(), accounts, Array.Empty<Step>());
    }

    /// <summary>createPosition steps: 100–149 FLOW each, auto-borrow to the 1.3 target into the treasury's wallet.</summary>
    public IEnumerable<Step> OpenPositions()
    {
        for (int i = 0; i < Positions; i++) yield return Opening(i);
    }

    // the treasuries' names, one string each: the positions' wallet connectors keep the name they were opened with
    private static readonly string[] TreasuryNames = Enumerable.Range(0, Treasuries).Select(t => $"treasury-{t}").ToArray();

    private static CreatePositionStep Opening(int i)
    {
        string treasury = TreasuryNames[i % Treasuries];
        return new CreatePositionStep(i, treasury, "FLOW", UFix64.FromInteger(100 + (ulong)(i % 50)), true, treasury, i % 2 == 0 ? treasury : null);
    }

    /// <summary><see cref="OpenPositions"/> as one set-up batch (<see cref="PoolCore.ApplySetUp"/>).</summary>
    public IReadOnlyList<PositionOpening> Openings() => Openings(0, Positions);

    /// <summary>Positions [from, from + count) as one set-up batch.</summary>
    public IReadOnlyList<PositionOpening> Openings(int from, int count)
    {
        var list = new PositionOpening[count];
        for (int k = 0; k < count; k++) list[k] = new PositionOpening([Opening(from + k)]);
        return list;
    }

    /// <summary>A rebalancer for every position, in position order.</summary>
    public IReadOnlyList<(long Position, RebalancerSpec Spec)> Rebalancers() => Rebalancers(0, Positions);

    /// <summary>The rebalancers of positions [from, from + count).</summary>
    public IReadOnlyList<(long Position, RebalancerSpec Spec)> Rebalancers(int from, int count)
    {
        var list = new (long, RebalancerSpec)[count];
        for (int k = 0; k < count; k++) list[k] = (from + k, Rebalancer());
        return list;
    }

    /// <summary>
    /// Positions per set-up message: the batches are applied in order, exactly as one batch, but only one batch of
    /// set-up inputs (a step and its opening per position, ~150 B) is alive at a time — at 10M positions the whole
    /// list would be 1.5 GB held until the last position is open.
    /// </summary>
    public const int SetUpBatch = 65_536;

    private IEnumerable<(int From, int Count)> Batches()
    {
        for (int from = 0; from < Positions; from += SetUpBatch) yield return (from, Math.Min(SetUpBatch, Positions - from));
    }

    public IPricePath FlowPrice()
    {
        IPricePath gbm = new GbmPath(1.0, 0.0, Volatility, TickSeconds, Seed);
        return CrashFraction > 0 ? new CrashPath(gbm, UFix64.FromInteger(CrashAt), UFix64.FromDouble(1 - CrashFraction)) : gbm;
    }

    private RebalancerSpec? _rebalancer;
    /// <summary>One spec shared by every position's rebalancer (it is immutable).</summary>
    public RebalancerSpec Rebalancer() => _rebalancer ??= new(RebalanceInterval, Force: false, Fee, "FLOW", "admin");

    public ConstantProductAmm Dex()
    {
        var amm = new ConstantProductAmm(30);
        amm.SetLiquidity("FLOW", UFix64.FromInteger(50_000_000), "MOET", UFix64.FromInteger(50_000_000));
        return amm;
    }

    public IEnumerable<UFix64> Ticks(ulong seconds) { for (ulong t = TickSeconds; t <= seconds; t += TickSeconds) yield return UFix64.FromInteger(t); }

    public async Task<PoolEngine> StartActors(EngineSettings? settings = null) => await Populate(PoolEngine.Start(Setup(), settings));

    /// <summary>Opens the positions and adds the oracle, rebalancers, cron, DEX and liquidators to an engine started over <see cref="Setup"/> (one process or a cluster).</summary>
    public async Task<PoolEngine> Populate(PoolEngine engine)
    {
        // one message per batch, not a round trip per position
        foreach (var (from, count) in Batches())
            if (!(await engine.Ask<PositionsSetUp>(new SetUpPositions(Openings(from, count)))).Outcome.Ok) break; // as one batch: stop at the first refused step
        await engine.Ask<Akka.Actor.Status.Success>(new AddOracle("FLOW", FlowPrice()));
        foreach (var (from, count) in Batches()) await engine.Ask<RebalancersAdded>(new AddRebalancers(Rebalancers(from, count)));
        await engine.Ask<Akka.Actor.Status.Success>(new EnableRebalanceSupervisor());
        await engine.Ask<Akka.Actor.Status.Success>(new UseDex(engine.System.ActorOf(DexActor.Props(Dex()), "dex")));
        for (int l = 0; l < Liquidators; l++) await engine.Ask<Akka.Actor.Status.Success>(new AddLiquidator($"liq-{l}", $"liquidator-{l}"));
        return engine;
    }

    public PlainLoop StartPlain(EventLogOptions? log = null, bool wakeEveryone = true)
    {
        var loop = new PlainLoop(Setup(), log, wakeEveryone);
        foreach (var (from, count) in Batches())
            if (!loop.Core.ApplySetUp(Openings(from, count)).Ok) break;
        loop.AddOracle("FLOW", FlowPrice());
        for (long p = 0; p < Positions; p++) loop.AddRebalancer(p, Rebalancer());
        loop.EnableRebalanceSupervisor();
        loop.UseDex(Dex());
        for (int l = 0; l < Liquidators; l++) loop.AddLiquidator($"liq-{l}", $"liquidator-{l}");
        return loop;
    }
}

/// <summary>A path multiplied by <paramref name="factor"/> from <paramref name="at"/> on (a sudden crash that stays).</summary>
public sealed class CrashPath(IPricePath inner, UFix64 at, UFix64 factor) : IPricePath
{
    public PriceSample? SampleAt(UFix64 time) =>
        inner.SampleAt(time) is { } s ? (time >= at ? s with { Price = UFix64.Max2(s.Price * factor, UFix64.Epsilon) } : s) : null;
}
