using FlowAlp.Engine.Core;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Engine.Chaos;

/// <summary>
/// Where a fault's effect lands (<see cref="FaultAction.Apply"/>): the core, shared by both hosts, and the few parts each
/// host holds itself — the oracle feeds, the DEX, the liquidators, the cron and the actors (in the actor host, inside
/// those actors, in order with the next tick's requests; in the plain loop, on its own objects).
/// </summary>
public interface IChaosHost
{
    PoolCore Core { get; }

    /// <summary>Changes the feed of the fault's token (nothing when the token has no oracle).</summary>
    void ChangeFeed(FeedFault fault);

    /// <summary>Changes the DEX (nothing when there is none).</summary>
    void ChangeDex(DexFault fault);

    void LiquidatorsAbsentUntil(UFix64 until);
    void CronOutageUntil(UFix64 until);

    /// <summary>Crashes actors (the plain loop has none: it only logs the fault).</summary>
    void Crash(CrashPositions fault);
    void Crash(CrashActors fault);

    /// <summary>These positions' connectors changed in the core (the actor host's position actors read them again).</summary>
    void ConnectorsChanged(IEnumerable<long> positions);
}
