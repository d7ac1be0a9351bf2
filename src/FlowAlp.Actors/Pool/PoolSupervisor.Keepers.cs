using Akka.Actor;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Keepers;
using FlowAlp.Engine.Keepers;

namespace FlowAlp.Actors.Pool;

/// <summary>Sets the yield token's market (reference price, the vaults' slippage bound, pool keepers); replies Status.Success or Status.Failure.</summary>
public sealed record SetYieldTokenMarket(YieldTokenMarket Market);

/// <summary>
/// Pool keepers: one actor per keeper decides from the block's observation (a barrier), and the supervisor applies the
/// trades in keeper order inside its own state (<see cref="PoolKeepers.Apply"/>), as the plain loop does.
/// </summary>
public sealed partial class PoolSupervisor
{
    private readonly SortedDictionary<string, IActorRef> _keeperActors = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, KeeperMemory> _keeperMemories = new(StringComparer.Ordinal); // the actors' state, for snapshots

    private void ReceiveKeepers()
    {
        Receive<SetYieldTokenMarket>(m => WhenIdle(m, () => Reply(() =>
        {
            _core.SetYieldTokenMarket(m.Market);
            if (m.Market.Keepers is { } k)
                for (int i = 0; i < k.Count; i++) StartKeeper(KeeperSettings.NameOf(i), KeeperMemory.Start(k, i, ThePool.Now));
        })));
        Receive<KeeperDecided>(m => Collect(m.Tick, KeeperKey(m.Keeper), m));
    }

    private void StartKeeper(string name, KeeperMemory memory)
    {
        _keeperMemories[name] = memory;
        _keeperActors[name] = Context.ActorOf(PoolKeeperActor.Props(name, memory).WithDispatcher(AkkaConfig.Dispatcher), name);
    }

    private static string KeeperKey(string keeper) => "keeper:" + keeper;

    /// <summary>Phase Keepers: every keeper decides on one observation of the pool (a barrier); the trades apply in keeper order.</summary>
    private void RunKeepers()
    {
        if (_keeperActors.Count == 0 || _core.Keepers is not { } keepers) { PhaseDone(); return; }
        var seen = keepers.Observe();
        Expect(_keeperActors.Keys.Select(KeeperKey).ToList(), replies =>
        {
            keepers.Apply(replies.Cast<KeeperDecided>().Select(d => (d.Keeper, d.Trigger)));
            PhaseDone();
        });
        foreach (var (_, actor) in _keeperActors) actor.Tell(new KeeperCheck(_tick, seen, keepers.Settings));
    }
}
