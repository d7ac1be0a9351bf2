using Akka.Actor;
using FlowAlp.Actors.Positions;
using FlowAlp.Engine.Chaos;
using FlowAlp.Engine.Core;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Actors.Pool;

/// <summary>
/// The supervisor as a chaos host: a fault on a feed, the DEX, the liquidators or the cron is told to the child that
/// holds it (in FIFO order before the next tick's requests); a crash is told to the actors it crashes; the rest is the
/// core's (<see cref="ChaosControls"/>).
/// </summary>
public sealed partial class PoolSupervisor
{
    private sealed class ChaosHost(PoolSupervisor s) : IChaosHost
    {
        public PoolCore Core => s._core;

        public void ChangeFeed(FeedFault fault)
        {
            if (s._oracles.TryGetValue(fault.Token, out var oracle)) oracle.Tell(new Oracles.ChangeFeed(fault));
        }

        public void ChangeDex(DexFault fault) => s._dex?.Tell(new Dex.ChangeDex(fault));

        public void LiquidatorsAbsentUntil(UFix64 until)
        {
            foreach (var (actor, _) in s._liquidators.Values) actor.Tell(new Liquidation.AbsentUntil(until));
        }

        public void CronOutageUntil(UFix64 until) => s._cron?.Tell(new Rebalancing.CronOutageUntil(until));

        public void Crash(CrashPositions fault)
        {
            foreach (var pid in fault.Positions) if (pid >= 0 && pid < s._positions.Count) s.PositionActorOf(pid).Tell(new CrashOnNextMessage());
        }

        public void Crash(CrashActors fault)
        {
            if (fault.Kind == "rebalancers")
            {
                // a passive rebalancer is made from its record, then crashes on the next outcome it is sent
                foreach (var id in fault.Positions.Select(s._core.Schedule.RebalancerOf)) if (id is { } r) s._rebalancers.Tell(r, new CrashOnNextMessage(), s.Self);
                return;
            }
            var targets = fault.Kind switch
            {
                "oracles" => s._oracles.Values,
                "liquidators" => s._liquidators.Values.Select(l => l.Actor),
                _ => Enumerable.Empty<IActorRef?>(),
            };
            foreach (var t in targets) t?.Tell(new CrashOnNextMessage());
        }

        public void ConnectorsChanged(IEnumerable<long> positions) => s.RefreshAll(positions);
    }
}
