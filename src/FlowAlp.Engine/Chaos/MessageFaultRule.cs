namespace FlowAlp.Engine.Chaos;

/// <summary>The engine's messages a message fault can hit (the sending side decides their fate).</summary>
public enum MessageKind
{
    /// <summary>supervisor → position: a rebalancer's run is due.</summary>
    RebalanceDue,
    /// <summary>position → supervisor: the run's decision (closes the rebalancer barrier).</summary>
    RebalancerReady,
    /// <summary>oracle → supervisor: the block's price.</summary>
    PriceReport,
    /// <summary>liquidator → supervisor: the block's offers.</summary>
    LiquidationOffers,
}

/// <summary>What the channel does with one message.</summary>
public enum MessageFate { Deliver, Drop, Duplicate, Delay }

/// <summary>
/// One active message fault: messages of <see cref="Kind"/> (optionally only those of some <see cref="Positions"/> or of
/// one oracle <see cref="Token"/>) meet <see cref="Fate"/> with probability <see cref="RatePpm"/> per million, decided by
/// a hash of (<see cref="Seed"/>, block time, message key, attempt) — never by timing, so both engines and every
/// replay decide alike.
/// </summary>
public sealed record MessageFaultRule(int Fault, MessageKind Kind, MessageFate Fate, uint RatePpm, ulong DelaySeconds, ulong Seed,
    IReadOnlySet<long>? Positions = null, string? Token = null)
{
    public bool Selects(MessageKind kind, long position, string? name) =>
        kind == Kind && (Positions is null || Positions.Contains(position)) && (Token is null || Token == name);
}
