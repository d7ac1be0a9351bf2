using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Routing;
using Akka.Routing;

namespace FlowAlp.Actors.Cluster;

/// <summary>
/// Hands a sweep's jobs to the "sweeps" nodes through a cluster-aware router group (round robin over every
/// /user/sweep-worker the cluster has; the router follows membership), at most <c>inFlight</c> unfinished at once, and
/// keeps every job until its result arrives. A job is sent again when the node that accepted it leaves, is removed or
/// becomes unreachable (membership events), when a node it could have gone to did so before accepting, or when no node
/// accepted it within <see cref="AcceptWithin"/> (it went to a node on its way out). The first result of a job wins; a
/// result depends only on the job, so a duplicate is the same and is dropped. The results complete
/// <c>done</c> in job order; a failed run completes it with a <see cref="SweepJobException"/>.
/// </summary>
internal sealed class SweepCoordinator : ReceiveActor, IWithTimers
{
    /// <summary>A job nobody acknowledged in this time is sent again (a worker acknowledges on receipt).</summary>
    public static readonly TimeSpan AcceptWithin = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CheckEvery = TimeSpan.FromMilliseconds(500);

    private sealed class Check
    {
        public static readonly Check Instance = new();
    }

    private readonly IReadOnlyList<SweepJob> _jobs;
    private readonly int _inFlight;
    private readonly Action<int, int>? _progress;
    private readonly TaskCompletionSource<SweepJobDone[]> _done;
    private readonly SweepJobDone?[] _results;
    /// <summary>Sent and unfinished: the node that accepted it, or null while nobody has.</summary>
    private readonly Dictionary<int, Address?> _pending = [];
    /// <summary>When each unaccepted job was (last) sent.</summary>
    private readonly Dictionary<int, TimeSpan> _sentAt = [];
    /// <summary>Nodes that left or are unreachable: a job they accept is sent again at once.</summary>
    private readonly HashSet<Address> _gone = [];
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private IActorRef _router = ActorRefs.Nobody;
    private bool _ready;
    private int _next, _finished;

    public ITimerScheduler Timers { get; set; } = null!;

    public SweepCoordinator(IReadOnlyList<SweepJob> jobs, int inFlight, Action<int, int>? progress, TaskCompletionSource<SweepJobDone[]> done)
    {
        _jobs = jobs;
        _inFlight = inFlight;
        _progress = progress;
        _done = done;
        _results = new SweepJobDone?[jobs.Count];
        Receive<Check>(_ => OnCheck());
        Receive<Routees>(r =>
        {
            if (_ready || !r.Members.Any()) return;
            _ready = true;
            Fill();
        });
        Receive<SweepJobAccepted>(OnAccepted);
        Receive<SweepJobDone>(OnDone);
        Receive<SweepJobFailed>(f =>
        {
            if (f.Index >= _results.Length || _results[f.Index] is not null) return;
            _done.TrySetException(new SweepJobException(f, NodeOf(Sender).ToString()));
            Context.Stop(Self);
        });
        Receive<ClusterEvent.IMemberEvent>(e =>
        {
            if (!e.Member.HasRole(ClusterSettings.SweepsRole)) return;
            if (e.Member.Status is MemberStatus.Up or MemberStatus.WeaklyUp) _gone.Remove(e.Member.Address);
            else Gone(e.Member.Address);
        });
        Receive<ClusterEvent.UnreachableMember>(e => Gone(e.Member.Address));
        Receive<ClusterEvent.ReachableMember>(e =>
        {
            if (e.Member.Status is MemberStatus.Up or MemberStatus.WeaklyUp) _gone.Remove(e.Member.Address);
        });
    }

    public static Props Props(IReadOnlyList<SweepJob> jobs, int inFlight, Action<int, int>? progress, TaskCompletionSource<SweepJobDone[]> done) =>
        Akka.Actor.Props.Create(() => new SweepCoordinator(jobs, inFlight, progress, done));

    protected override void PreStart()
    {
        var group = new ClusterRouterGroup(new RoundRobinGroup(SweepWorker.Path),
            new ClusterRouterGroupSettings(totalInstances: 10_000, routeesPaths: [SweepWorker.Path], allowLocalRoutees: true, useRole: ClusterSettings.SweepsRole));
        _router = Context.ActorOf(group.Props(), "workers");
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        Timers.StartPeriodicTimer("check", Check.Instance, CheckEvery);
        OnCheck();
    }

    protected override void PostStop()
    {
        _cluster.Unsubscribe(Self);
        // stopped by the node's shutdown (Ctrl-C, SIGTERM): the sweep was interrupted, not broken
        if (CoordinatedShutdown.Get(Context.System).ShutdownReason is not null) _done.TrySetCanceled();
        else _done.TrySetException(new InvalidOperationException("the sweep's coordinator stopped before every result arrived"));
    }

    private TimeSpan Now => Context.System.Scheduler.MonotonicClock;

    /// <summary>Until the router knows a worker, ask it; afterwards, send again what nobody accepted in time.</summary>
    private void OnCheck()
    {
        if (!_ready)
        {
            _router.Ask<Routees>(GetRoutees.Instance, TimeSpan.FromSeconds(5)).PipeTo(Self, failure: _ => new Routees([]));
            return;
        }
        var now = Now;
        foreach (var (index, _) in _sentAt.Where(s => now - s.Value >= AcceptWithin).ToList()) Send(index);
    }

    private void Fill()
    {
        while (_ready && _pending.Count < _inFlight && _next < _jobs.Count) Send(_next++);
    }

    private void Send(int index)
    {
        _pending[index] = null;
        _sentAt[index] = Now;
        _router.Tell(_jobs[index], Self);
    }

    private void OnAccepted(SweepJobAccepted a)
    {
        if (!_pending.ContainsKey(a.Index)) return; // finished already, or not a job of this sweep
        var node = NodeOf(Sender);
        if (_gone.Contains(node)) { Send(a.Index); return; }
        _pending[a.Index] = node;
        _sentAt.Remove(a.Index);
    }

    private void OnDone(SweepJobDone d)
    {
        if (d.Index >= _results.Length || _results[d.Index] is not null) return; // a duplicate: the first result won
        _results[d.Index] = d;
        _pending.Remove(d.Index);
        _sentAt.Remove(d.Index);
        _finished++; // not inside the call below: with no progress callback its arguments are never evaluated
        _progress?.Invoke(_finished, _jobs.Count);
        if (_finished == _jobs.Count)
        {
            _done.TrySetResult(_results!);
            Context.Stop(Self);
            return;
        }
        Fill();
    }

    /// <summary>The jobs a node accepted and has not finished go to the other workers.</summary>
    private void Gone(Address node)
    {
        _gone.Add(node);
        foreach (var (index, _) in _pending.Where(p => p.Value == node).ToList()) Send(index);
    }

    // a local worker's reply carries no host: it is this node
    private Address NodeOf(IActorRef sender) => sender.Path.Address.HasLocalScope ? _cluster.SelfAddress : sender.Path.Address;
}
