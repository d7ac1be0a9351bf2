using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Engine.Chaos;

/// <summary>
/// A fault's effect on the engine, injected between blocks (before the next tick). Each record carries its own effect
/// (<see cref="Apply"/>), so both hosts apply it alike through <see cref="ChaosControls.Inject"/>.
/// </summary>
public abstract record FaultAction
{
    public abstract string Describe();

    /// <summary>The fault's effect, applied in <paramref name="host"/>; returns a detail for its log line (an amount moved), or null.</summary>
    public abstract string? Apply(IChaosHost host);
}

/// <summary>A fault on one token's oracle feed: <see cref="Change"/> runs where the feed lives (the oracle actor, or the plain loop).</summary>
public abstract record FeedFault(string Token) : FaultAction
{
    public abstract void Change(Oracles.OracleFeed feed);

    public sealed override string? Apply(IChaosHost host)
    {
        host.ChangeFeed(this);
        return null;
    }
}

/// <summary>A fault on the DEX: <see cref="Change"/> runs where the AMM lives (the DEX actor, or the plain loop).</summary>
public abstract record DexFault : FaultAction
{
    public abstract void Change(Dex.ConstantProductAmm amm);

    public sealed override string? Apply(IChaosHost host)
    {
        host.ChangeDex(this);
        return null;
    }
}

/// <summary>The chosen position actors crash on their next message (supervision restarts them with their state).</summary>
public sealed record CrashPositions(IReadOnlyList<long> Positions) : FaultAction
{
    public override string Describe() => $"crash {Positions.Count} position actors";
    public override string? Apply(IChaosHost host) { host.Crash(this); return null; }
}

/// <summary>
/// Engine actors other than positions crash on their next request: the rebalancer actors of <see cref="Positions"/>,
/// or every oracle, or every liquidator (<see cref="Kind"/>: rebalancers, oracles, liquidators). Supervision restarts
/// them with their state and the request they were handling is handled again.
/// </summary>
public sealed record CrashActors(string Kind, IReadOnlyList<long> Positions) : FaultAction
{
    public override string Describe() => Kind == "rebalancers" ? $"crash {Positions.Count} rebalancer actors" : $"crash the {Kind[..^1]} actors";
    public override string? Apply(IChaosHost host) { host.Crash(this); return null; }
}

/// <summary>The rebalance supervisor's cron does not run until <see cref="Until"/>.</summary>
public sealed record CronOutage(UFix64 Until) : FaultAction
{
    public override string Describe() => $"supervisor cron absent until {Until.Floor} s";
    public override string? Apply(IChaosHost host) { host.CronOutageUntil(Until); return null; }
}

/// <summary>A token's feed freezes (repeats its last sample; with a stale threshold it goes stale) or thaws.</summary>
public sealed record FreezeOracle(string Token, bool Frozen) : FeedFault(Token)
{
    public override string Describe() => $"{(Frozen ? "freeze" : "thaw")} the {Token} oracle";
    public override void Change(Oracles.OracleFeed feed) => feed.Frozen = Frozen;
}

/// <summary>A token's feed reports prices × <see cref="Multiplier"/> (outlier ticks) and/or <see cref="LeadSeconds"/> ahead; (1, 0) restores it.</summary>
public sealed record DistortOracle(string Token, UFix64 Multiplier, ulong LeadSeconds) : FeedFault(Token)
{
    public override string Describe() => Multiplier == UFix64.One && LeadSeconds == 0 ? $"restore the {Token} oracle"
        : $"{Token} oracle reports ×{Multiplier}, {LeadSeconds} s ahead";

    public override void Change(Oracles.OracleFeed feed)
    {
        feed.Multiplier = Multiplier;
        feed.LeadSeconds = LeadSeconds;
    }
}

/// <summary>Every liquidator stays silent until <see cref="Until"/>.</summary>
public sealed record LiquidatorsAbsent(UFix64 Until) : FaultAction
{
    public override string Describe() => $"liquidators absent until {Until.Floor} s";
    public override string? Apply(IChaosHost host) { host.LiquidatorsAbsentUntil(Until); return null; }
}

/// <summary>A fraction of the DEX's liquidity leaves (every pool).</summary>
public sealed record DrainDex(UFix64 Fraction) : DexFault
{
    public override string Describe() => $"drain {Fraction} of the DEX liquidity";
    public override void Change(Dex.ConstantProductAmm amm) => amm.Drain(Fraction);
}

/// <summary>
/// Funds leave accounts into an escrow account (a drained funder, a topUpSource that runs dry) or come back from it;
/// the escrow stays inside the world, so conservation still holds. Amount null: everything the account holds.
/// </summary>
public sealed record MoveFunds(IReadOnlyList<string> Accounts, string Token, bool Restore, UFix64? Fraction = null) : FaultAction
{
    public const string Escrow = "chaos-escrow";
    /// <summary>The part of each balance a drain takes (1: all of it; less: a source that only partially fills).</summary>
    public UFix64 Part => Fraction ?? UFix64.One;
    public override string Describe() => $"{(Restore ? "restore" : "drain")} {Token} of {Accounts.Count} accounts{(Restore || Part == UFix64.One ? "" : $" (×{Part})")}";
    public override string? Apply(IChaosHost host) => host.Core.Chaos.MoveFunds(this).ToString();
}

/// <summary>The chain halts until <see cref="Until"/>: the runner executes no block in the window (this only records it).</summary>
public sealed record ChainHalted(UFix64 Until) : FaultAction
{
    public override string Describe() => $"chain halted until {Until.Floor} s";
    public override string? Apply(IChaosHost host) => null;
}

/// <summary>Runs the invariant checks now; replies <see cref="InvariantReport"/>.</summary>
public sealed record CheckInvariants;
public sealed record InvariantReport(IReadOnlyList<string> Violations);

/// <summary>Injects a fault; replies Status.Success with its description.</summary>
public sealed record InjectFault(FaultAction Action);

/// <summary>A message fault starts (its rule joins the channel's faults) or, <see cref="Active"/> false, ends.</summary>
public sealed record MessageFault(MessageFaultRule Rule, bool Active) : FaultAction
{
    public override string Describe() => Active
        ? $"{Rule.Fate.ToString().ToLowerInvariant()} {(Rule.RatePpm / 10_000.0).ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)} % of {Rule.Kind} messages{(Rule.Fate == MessageFate.Delay ? $" by {Rule.DelaySeconds} s" : "")}"
        : $"{Rule.Kind} messages delivered again";

    public override string? Apply(IChaosHost host) { host.Core.SetMessageFault(this); return null; }
}

/// <summary>Every rebalancer's interval is multiplied by <see cref="Factor"/> (1 restores it) for the runs booked meanwhile.</summary>
public sealed record StretchRebalancers(UFix64 Factor) : FaultAction
{
    public override string Describe() => Factor == UFix64.One ? "rebalancer intervals restored" : $"rebalancer intervals ×{Factor}";
    public override string? Apply(IChaosHost host) { host.Core.Chaos.StretchIntervals(Factor); return null; }
}

/// <summary>The rebalancers of these positions run and pay their fee but do not rebalance (or, inactive, work again).</summary>
public sealed record IneffectiveRebalancers(IReadOnlyList<long> Positions, bool Active) : FaultAction
{
    public override string Describe() => Active ? $"{Positions.Count} rebalancers ineffective" : "rebalancers effective again";
    public override string? Apply(IChaosHost host) { host.Core.Chaos.SetIneffective(Active ? Positions : null); return null; }
}

/// <summary>
/// One source of a token's feed is widened by <see cref="Factor"/>: the feed aggregates the honest source with the widened
/// one (spec §7 PriceOracleAggregatorv1), so a spread above <see cref="MaxSpread"/> rejects the price. Factor 1 restores it.
/// </summary>
public sealed record WidenOracleSource(string Token, UFix64 Factor, UFix64 MaxSpread) : FeedFault(Token)
{
    public override string Describe() => Factor == UFix64.One ? $"restore the {Token} oracle's sources" : $"{Token} oracle source ×{Factor} (max spread {MaxSpread})";
    public override void Change(Oracles.OracleFeed feed) => feed.WidenSource(Factor, MaxSpread);
}

/// <summary>These positions' drawDownSinks refuse every deposit (active), or get their own sink back.</summary>
public sealed record RefuseSinks(IReadOnlyList<(long Position, Connectors.ConnectorSpec Restore)> Sinks, bool Active) : FaultAction
{
    public override string Describe() => Active ? $"{Sinks.Count} drawDownSinks refuse deposits" : $"{Sinks.Count} drawDownSinks accept again";

    public override string? Apply(IChaosHost host)
    {
        host.Core.Chaos.RefuseSinks(this);
        host.ConnectorsChanged(Sinks.Select(s => s.Position));
        return null;
    }
}

/// <summary>Every yield vault loses <see cref="Fraction"/> of what it holds (yield tokens and base leftover) to the escrow.</summary>
public sealed record DrainVaults(UFix64 Fraction) : FaultAction
{
    public override string Describe() => $"yield vaults lose {Fraction} of their liquidity";
    public override string? Apply(IChaosHost host) => host.Core.Chaos.DrainVaults(this).ToString();
}
