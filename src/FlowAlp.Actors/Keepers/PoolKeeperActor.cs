using Akka.Actor;
using FlowAlp.Engine.Keepers;

namespace FlowAlp.Actors.Keepers;

/// <summary>The supervisor's block for the keepers: what the pool's price is against the reference.</summary>
public sealed record KeeperCheck(long Tick, KeeperObservation Observation, KeeperSettings Settings);
/// <summary>A keeper's answer: the trigger to trade on in this block, or null; the supervisor applies the trades in keeper order.</summary>
public sealed record KeeperDecided(long Tick, string Keeper, KeeperTrigger? Trigger);
public sealed record GetKeeperStats;
public sealed record KeeperStats(string Name, long Triggers, long Acts, FlowAlp.Protocol.Numerics.UFix64 NextTimer);

/// <summary>
/// A pool keeper: at every block it checks its timer and the pool's deviation (<see cref="KeeperMemory.Observe"/>) and
/// tells the supervisor whether to trade now (after its arbitrage delay); the supervisor, the single writer, trades from
/// the keepers' shared inventory. Its memory is held by its Props, so a restarted keeper carries on.
/// </summary>
public sealed class PoolKeeperActor : ReceiveActor
{
    public PoolKeeperActor(string name, KeeperMemory memory)
    {
        Receive<KeeperCheck>(m => Sender.Tell(new KeeperDecided(m.Tick, name, memory.Observe(m.Observation, m.Settings))));
        Receive<GetKeeperStats>(_ => Sender.Tell(new KeeperStats(name, memory.Triggers, memory.Acts, memory.NextTimer)));
    }

    public static Props Props(string name, KeeperMemory memory) => Akka.Actor.Props.Create(() => new PoolKeeperActor(name, memory));
}
