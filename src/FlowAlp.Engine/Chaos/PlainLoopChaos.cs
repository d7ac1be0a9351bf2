using FlowAlp.Engine.Chaos;
using FlowAlp.Engine.Core;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Engine.Loop;

/// <summary>The plain loop as a chaos host: faults change its feeds, DEX, liquidators and cron directly; it has no actors to crash.</summary>
public sealed partial class PlainLoop
{
    private sealed class ChaosHost(PlainLoop loop) : IChaosHost
    {
        public PoolCore Core => loop._core;

        public void ChangeFeed(FeedFault fault)
        {
            if (loop._feeds.TryGetValue(fault.Token, out var feed)) fault.Change(feed);
        }

        public void ChangeDex(DexFault fault)
        {
            if (loop._dex is not null) fault.Change(loop._dex);
        }

        public void LiquidatorsAbsentUntil(UFix64 until) => loop._liquidatorsAbsentUntil = until;

        public void CronOutageUntil(UFix64 until)
        {
            if (loop._cron is not null) loop._cron.OutageUntil = until;
        }

        public void Crash(CrashPositions fault) { } // nothing to crash: only logged
        public void Crash(CrashActors fault) { }
        public void ConnectorsChanged(IEnumerable<long> positions) { } // the loop reads connectors from the core each time
    }
}
