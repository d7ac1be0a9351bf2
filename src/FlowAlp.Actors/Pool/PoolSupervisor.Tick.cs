using Akka.Actor;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Oracles;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Actors.Pool;

/// <summary>
/// A tick is one block: (1) the clock moves and every oracle reports its price at the new time, (2) due rebalancers
/// run, (3) the rebalance supervisor's cron repairs idle schedules, (4) liquidators post offers. Each phase sends its
/// requests, waits for every reply (a barrier), then applies the results sorted by a canonical key, so the outcome
/// does not depend on which reply arrived first.
/// </summary>
public sealed partial class PoolSupervisor
{
    private readonly SortedDictionary<string, IActorRef> _oracles = new(StringComparer.Ordinal);
    private long _tick;
    private IActorRef? _tickReplyTo;
    private int _expected;
    private List<object>? _replies;
    private Action<List<object>>? _onAllReplies;

    private void ReceiveTick()
    {
        Receive<AddOracle>(m => WhenIdle(m, () =>
        {
            if (!ThePool.IsTokenSupported(m.Token)) { Sender.Tell(new Status.Failure(new ArgumentException($"token: '{m.Token}' is not supported by the pool"))); return; }
            if (_oracles.ContainsKey(m.Token)) { Sender.Tell(new Status.Failure(new ArgumentException($"token: '{m.Token}' already has an oracle"))); return; }
            _oracles[m.Token] = Context.ActorOf(OracleActor.Props(m.Feed()).WithDispatcher(AkkaConfig.Dispatcher), $"oracle-{m.Token}");
            Sender.Tell(new Status.Success(m.Token));
        }));
        Receive<Tick>(m => WhenIdle(m, () => StartTick(m.Time)));
        Receive<PriceReport>(m => Collect(m.Tick, m));
    }

    /// <summary>Sends <paramref name="requests"/> replies' worth of work and continues with all replies once the last arrives.</summary>
    private void Expect(int requests, Action<List<object>> then)
    {
        if (requests == 0) { then(new List<object>()); return; }
        _expected = requests;
        _replies = new List<object>(requests);
        _onAllReplies = then;
    }

    private void Collect(long tick, object reply)
    {
        if (tick != _tick || _onAllReplies is null) return; // late or duplicate reply from an earlier barrier
        _replies!.Add(reply);
        if (_replies.Count < _expected) return;
        var then = _onAllReplies;
        _onAllReplies = null;
        then(_replies);
    }

    private void StartTick(UFix64 time)
    {
        try { _core.BeginTick(time); }
        catch (ArgumentException e) { Sender.Tell(new Status.Failure(e)); return; }
        _busy = true;
        _tick++;
        _tickReplyTo = Sender;
        foreach (var oracle in _oracles.Values) oracle.Tell(new PriceAt(_tick, time));
        Expect(_oracles.Count, replies =>
        {
            _core.ApplyPrices(replies.Cast<PriceReport>());
            RunDueRebalancers(() => RunCron(() => RunLiquidations(FinishTick)));
        });
    }

    private void FinishTick()
    {
        _core.EndTick();
        _tickReplyTo!.Tell(new TickDone(ThePool.Now, _core.Counters.Rebalances, _core.Counters.FailedSchedules, _core.Counters.LiquidationsApplied,
            _core.Counters.LiquidationsRejected, _core.Log.Count, _core.Counters.QuietRuns));
        _tickReplyTo = null;
        EndBusy();
    }
}
