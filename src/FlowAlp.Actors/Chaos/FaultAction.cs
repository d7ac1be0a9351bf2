using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Actors.Chaos;

/// <summary>A fault the chaos schedule injects between blocks (the supervisor applies it before the next tick).</summary>
public abstract record FaultAction
{
    public abstract string Describe();
}

/// <summary>The chosen position actors crash on their next message (supervision restarts them with their state).</summary>
public sealed record CrashPositions(IReadOnlyList<long> Positions) : FaultAction
{
    public override string Describe() => $"crash {Positions.Count} position actors";
}

/// <summary>The rebalance supervisor's cron does not run until <see cref="Until"/>.</summary>
public sealed record CronOutage(UFix64 Until) : FaultAction
{
    public override string Describe() => $"supervisor cron absent until {Until.Floor} s";
}

/// <summary>A token's feed freezes (repeats its last sample; with a stale threshold it goes stale) or thaws.</summary>
public sealed record FreezeOracle(string Token, bool Frozen) : FaultAction
{
    public override string Describe() => $"{(Frozen ? "freeze" : "thaw")} the {Token} oracle";
}

/// <summary>A token's feed reports prices × <see cref="Multiplier"/> (outlier ticks) and/or <see cref="LeadSeconds"/> ahead; (1, 0) restores it.</summary>
public sealed record DistortOracle(string Token, UFix64 Multiplier, ulong LeadSeconds) : FaultAction
{
    public override string Describe() => Multiplier == UFix64.One && LeadSeconds == 0 ? $"restore the {Token} oracle"
        : $"{Token} oracle reports ×{Multiplier}, {LeadSeconds} s ahead";
}

/// <summary>Every liquidator stays silent until <see cref="Until"/>.</summary>
public sealed record LiquidatorsAbsent(UFix64 Until) : FaultAction
{
    public override string Describe() => $"liquidators absent until {Until.Floor} s";
}

/// <summary>A fraction of the DEX's liquidity leaves (every pool).</summary>
public sealed record DrainDex(UFix64 Fraction) : FaultAction
{
    public override string Describe() => $"drain {Fraction} of the DEX liquidity";
}

/// <summary>
/// Funds leave accounts into an escrow account (a drained funder, a topUpSource that runs dry) or come back from it;
/// the escrow stays inside the world, so conservation still holds. Amount null: everything the account holds.
/// </summary>
public sealed record MoveFunds(IReadOnlyList<string> Accounts, string Token, bool Restore) : FaultAction
{
    public const string Escrow = "chaos-escrow";
    public override string Describe() => $"{(Restore ? "restore" : "drain")} {Token} of {Accounts.Count} accounts";
}

/// <summary>The chain halts until <see cref="Until"/>: the runner executes no block in the window (this only records it).</summary>
public sealed record ChainHalted(UFix64 Until) : FaultAction
{
    public override string Describe() => $"chain halted until {Until.Floor} s";
}

/// <summary>Runs the invariant checks now; replies <see cref="InvariantReport"/>.</summary>
public sealed record CheckInvariants;
public sealed record InvariantReport(IReadOnlyList<string> Violations);

/// <summary>Injects a fault; replies Status.Success with its description.</summary>
public sealed record InjectFault(FaultAction Action);
