using Akka.Actor;
using Akka.Event;
using FlowAlp.Actors.Chaos;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Positions;
using FlowAlp.Protocol;
using FlowAlp.Protocol.Positions;
using FlowAlp.Engine.Chaos;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.Positions;
using FlowAlp.Engine.World;

namespace FlowAlp.Actors.Pool;

/// <summary>
/// The pool supervisor: the only writer of pool state (token states, positions' balances, reserves, fees, the update
/// queue, the wallets of the outside world). Every mutation is applied here, one at a time, in a canonical order; the
/// position, rebalancer, oracle and liquidator actors compute and propose in parallel and reply to a barrier.
/// A tick's phases are in PoolSupervisor.Tick.cs, rebalancers in .Rebalancers.cs, liquidations in .Liquidation.cs.
/// </summary>
public sealed partial class PoolSupervisor : ReceiveActor, IWithUnboundedStash
{
    private readonly PoolCore _core;
    private readonly IPositionDirectory _positions;
    private readonly ILoggingAdapter _logger = Context.GetLogger();
    private bool _busy;

    public IStash Stash { get; set; } = null!;
    private Protocol.Pool ThePool => _core.Pool;

    /// <param name="setup">The pool, tokens, initial prices, DEX ratios and wallets (a script's set-up; its steps are not run).</param>
    /// <param name="directory">where position actors live (default: this actor's children; cluster mode: sharding entities)</param>
    /// <param name="wakeEveryone">naive mode (the equivalence tests' reference): message every due rebalancer's position</param>
    public PoolSupervisor(Script setup, EventLogOptions? log = null, PositionDirectoryFactory? directory = null, bool wakeEveryone = false)
        : this(new PoolCore(setup, log, wakeEveryone), directory) { }

    private PoolSupervisor(PoolCore core, PositionDirectoryFactory? directory)
    {
        _core = core;
        _positions = (directory ?? LocalPositionDirectory.Factory)(Context);
        Receive<RunScriptStep>(m => WhenIdle(m, () => Sender.Tell(new ScriptStepDone(ApplyScriptStep(m.Step)))));
        Receive<GetEventLog>(m => WhenIdle(m, () => { _core.Log.Flush(); Sender.Tell(new EventLog(_core.Log.Lines.ToList(), _core.Log.Sha256(), _core.Log.Count)); }));
        Receive<GetPositionActor>(m => Sender.Tell(new PositionActorRef(m.Position, _positions.ActorOf(m.Position))));
        Receive<PositionRestarted>(m => Refresh(m.Position));
        Receive<PositionIdle>(m => (_positions as LocalPositionDirectory)?.Idle(m.Position));
        Receive<GetPassivation>(_ => Sender.Tell(_positions is LocalPositionDirectory d
            ? new Passivation(d.Materialised, d.Materialisations, _rebalancers.Materialised, d.HostedRuns) : new Passivation(-1, -1, _rebalancers.Materialised)));
        Receive<AddStrategyLiquidity>(m => WhenIdle(m, () => Reply(() => _core.Strategies.AddStrategyLiquidity(m.TokenA, m.AmountA, m.TokenB, m.AmountB))));
        Receive<AddStrategyConcentratedLiquidity>(m => WhenIdle(m, () => Reply(() => _core.Strategies.AddStrategyConcentratedLiquidity(m.Token, m.Quote, m.FeePips, m.Price, m.Ranges))));
        Receive<AddYieldVault>(m => WhenIdle(m, () => Reply(() => _core.Strategies.AddYieldVault(m.Name, m.YieldToken, m.Apr, m.ReserveAccount))));
        Receive<AddDexLiquidity>(m => WhenIdle(m, () => Reply(() => _core.Strategies.AddDexLiquidity(m.Name, m.PairedToken))));
        Receive<TakeStepLog>(m => WhenIdle(m, () => Sender.Tell(new StepLog(_core.Log.TakeStepLines(), _core.Log.Count, _core.Log.Sha256()))));
        Receive<InjectFault>(m => WhenIdle(m, () => Sender.Tell(new Status.Success(ChaosControls.Inject(new ChaosHost(this), m.Action)))));
        Receive<CheckInvariants>(m => WhenIdle(m, () => Sender.Tell(new InvariantReport(Invariants()))));
        Receive<GetMetrics>(m => WhenIdle(m, () => Sender.Tell(_core.Sample())));
        Receive<GetSupervisionStats>(_ => Sender.Tell(new SupervisionStats(_childRestarts)));
        Receive<GetOutcomes>(m => WhenIdle(m, () => Sender.Tell(_core.Outcomes())));
        Receive<SetTopUpSource>(m => WhenIdle(m, () => Reply(() => _core.PositionConnectors.SetTopUpSource(m.Position, m.Source))));
        Receive<SetDrawDownSink>(m => WhenIdle(m, () => Reply(() => _core.PositionConnectors.SetDrawDownSink(m.Position, m.Sink))));
        ReceiveTick();
        ReceiveRebalancers();
        ReceiveSetUp();
        ReceiveLiquidation();
        ReceiveDeliveries();
        ReceiveSnapshots();
        ReceiveKeepers();
    }

    /// <summary>Operations wait while a tick is between its phases, so nothing interleaves with a barrier.</summary>
    private void WhenIdle(object message, Action handle)
    {
        if (_busy) { Stash.Stash(); return; }
        handle();
    }

    /// <summary>The core's invariants, plus the supervisor's own: every position reachable through the directory (none lost or duplicated by restarts).</summary>
    private List<string> Invariants()
    {
        var v = _core.CheckInvariants();
        EnsurePositionActors();
        if (_positions.Count != ThePool.PositionCount || _positions.Live != ThePool.PositionCount)
            v.Add($"position actors: {_positions.Live} for {ThePool.PositionCount} positions");
        return v;
    }

    /// <summary>Runs a configuration change and answers Success, or Failure with the protocol's reason (state unchanged).</summary>
    private void Reply(Action change)
    {
        try { change(); Sender.Tell(new Status.Success(true)); }
        catch (Exception e) when (e is ProtocolException or ArgumentException) { Sender.Tell(new Status.Failure(e)); }
    }

    private void EndBusy()
    {
        _busy = false;
        Stash.UnstashAll();
    }

    /// <summary>A script step through the same runner as <c>flowalp script</c>; touched positions' actors are refreshed.</summary>
    private OperationOutcome ApplyScriptStep(Step step)
    {
        var outcome = _core.ApplyScriptStep(step);
        EnsurePositionActors();
        foreach (var pid in outcome.TouchedPositions()) Refresh(pid);
        return outcome;
    }

    /// <summary>One position actor per position, registered when the pool opens the position.</summary>
    private void EnsurePositionActors() => _positions.Ensure(ThePool.PositionCount, _snapshotOf ??= TrySnapshot);

    private Func<long, PositionSnapshot?>? _snapshotOf; // one delegate, not one per woken run

    private PositionRef PositionActorOf(long pid)
    {
        EnsurePositionActors();
        return new PositionRef(_positions, pid, Self);
    }

    private PositionSnapshot? TrySnapshot(long pid) => _core.TrySnapshot(pid);

    private void RefreshAll(IEnumerable<long> pids)
    {
        foreach (var pid in pids) Refresh(pid);
    }

    private void Refresh(long pid)
    {
        if (pid < 0 || pid >= ThePool.PositionCount) return;
        if (_positions is LocalPositionDirectory { } local && !local.KeepsReplica(pid)) return; // passive or lingering: no replica to refresh
        if (TrySnapshot(pid) is { } s) PositionActorOf(pid).Tell(new PositionRefreshed(s));
    }

    /// <summary>Any failure of a child restarts it (a child that cannot be constructed is stopped); see <see cref="ChildRestartStrategy"/>.</summary>
    protected override SupervisorStrategy SupervisorStrategy() =>
        new ChildRestartStrategy(() => $"tick {_tick} (t = {ThePool.Now.Floor} s)", () => _childRestarts++);

    private long _childRestarts;

    protected override void PostStop()
    {
        // a full disk has already stopped the run with its one line; the last buffered bytes cannot be flushed either
        try { _core.Log.Dispose(); }
        catch (IOException) { }
        base.PostStop();
    }

    public static Props Props(Script setup, EventLogOptions? log = null, PositionDirectoryFactory? directory = null, bool wakeEveryone = false) =>
        Akka.Actor.Props.Create(() => new PoolSupervisor(setup, log, directory, wakeEveryone)).WithDispatcher(AkkaConfig.Dispatcher);
}
