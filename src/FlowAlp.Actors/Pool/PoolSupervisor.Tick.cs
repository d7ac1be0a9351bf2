using Akka.Actor;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Oracles;
using FlowAlp.Actors.Positions;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Oracles;

namespace FlowAlp.Actors.Pool;

/// <summary>
/// A tick is one block, in named phases (<see cref="TickPhase"/>, moved through in PoolSupervisor.TickPhases.cs):
/// (1) the clock moves and every oracle reports its price at the new time, (2) due rebalancers run, (3) the rebalance
/// supervisor's cron repairs idle schedules, (4) liquidators post offers. Each phase sends its requests, waits for
/// every reply (a barrier), then applies the results sorted by a canonical key, so the outcome does not depend on
/// which reply arrived first.
/// </summary>
public sealed partial class PoolSupervisor
{
    private readonly SortedDictionary<string, IActorRef> _oracles = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, OracleFeed> _feeds = new(StringComparer.Ordinal); // each oracle's state, for snapshots
    private long _tick;
    private IActorRef? _tickReplyTo;
    private ReplyBarrier? _barrier;

    private void ReceiveTick()
    {
        Receive<AddOracle>(m => WhenIdle(m, () =>
        {
            if (!ThePool.IsTokenSupported(m.Token)) { Sender.Tell(new Status.Failure(new ArgumentException($"token: '{m.Token}' is not supported by the pool"))); return; }
            if (_oracles.ContainsKey(m.Token)) { Sender.Tell(new Status.Failure(new ArgumentException($"token: '{m.Token}' already has an oracle"))); return; }
            StartOracle(m.Token, m.Feed());
            Sender.Tell(new Status.Success(m.Token));
        }));
        Receive<Tick>(m => WhenIdle(m, () => StartTick(m.Time)));
        Receive<PriceReport>(m => Collect(m.Tick, PriceKey(m.Token), m));
    }

    private void StartOracle(string token, OracleFeed feed)
    {
        _feeds[token] = feed;
        _oracles[token] = Context.ActorOf(OracleActor.Props(feed).WithDispatcher(AkkaConfig.Dispatcher), $"oracle-{token}");
    }

    private static string PriceKey(string token) => "price:" + token;

    /// <summary>Waits for one reply per key (set before the requests go out), then continues with all replies.</summary>
    private void Expect(IReadOnlyCollection<string> keys, Action<List<object>> then)
    {
        if (keys.Count == 0) { then(new List<object>()); return; }
        _barrier = new ReplyBarrier(_tick, keys, then);
    }

    private void Collect(long tick, string key, object reply)
    {
        if (_barrier is null || !_barrier.Accept(tick, key, reply))
        {
            _duplicatesIgnored++; // late reply from an earlier barrier, or a duplicated copy: counted once only
            return;
        }
        Delivered(key);
        WakeAnswered(reply);
        CompleteIfDone();
    }

    /// <summary>A key's round trip ended without a reply (lost or delayed).</summary>
    private void Resolve(string key)
    {
        _barrier!.Resolve(key);
        WakeAnswered(null);
        CompleteIfDone();
    }

    private void CompleteIfDone()
    {
        if (_barrier is not { Complete: true } b) return;
        _barrier = null;
        b.Then(b.Replies);
    }

    private void StartTick(UFix64 time)
    {
        try { _core.BeginTick(time); }
        catch (ArgumentException e) { Sender.Tell(new Status.Failure(e)); return; }
        _busy = true;
        _tick++;
        (_positions as LocalPositionDirectory)?.Advance(time);
        _tickReplyTo = Sender;
        _trips.Clear();
        Enter(TickPhase.Prices);
    }

    /// <summary>Phase Prices: every oracle reports its price at the block's time; the reports are applied in token order.</summary>
    private void RequestPrices()
    {
        var time = ThePool.Now;
        var tokens = _oracles.Keys.ToList();
        Expect(tokens.Select(PriceKey).ToList(), replies =>
        {
            foreach (var token in tokens)
                if (TripRecord(PriceKey(token)) is { } d) _core.LogDelivery("PriceReport", ("token", token), d);
            _core.ApplyPrices(replies.Cast<PriceReport>());
            PhaseDone();
        });
        foreach (var (token, oracle) in _oracles)
            StartTrip(PriceKey(token), null, FlowAlp.Engine.Chaos.MessageKind.PriceReport, -1, token, ticket => oracle.Tell(new PriceAt(_tick, time, ticket)));
    }

    /// <summary>Phase Finishing: the tick's counters go to the totals and to whoever asked for the tick.</summary>
    private void FinishTick()
    {
        _core.EndTick();
        (_positions as LocalPositionDirectory)?.PassivateIdle();
        _tickReplyTo!.Tell(new TickDone(ThePool.Now, _core.Counters.Rebalances, _core.Counters.FailedSchedules, _core.Counters.LiquidationsApplied,
            _core.Counters.LiquidationsRejected, _core.Log.Count, _core.Counters.QuietRuns));
        _tickReplyTo = null;
        PhaseDone(); // Idle
        EndBusy();
    }
}
