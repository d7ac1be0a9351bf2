using Akka.Actor;

namespace FlowAlp.Actors.Cluster;

/// <summary>
/// A node's sweep worker (at /user/sweep-worker on a "sweeps" node; the coordinators' cluster router sends it jobs). It
/// acknowledges each job at once (<see cref="SweepJobAccepted"/>: from then on the coordinator counts on this node), runs
/// at most <c>slots</c> at a time (the node's cores) and answers each with its outcome. While its node shuts down it
/// answers nothing more: a run cut short by the shutdown is no failure, and the coordinator sends it elsewhere.
/// </summary>
public sealed class SweepWorker : ReceiveActor
{
    public const string Name = "sweep-worker";
    public const string Path = "/user/" + Name;

    private sealed record Finished(IActorRef ReplyTo, ISweepJobOutcome? Outcome);

    private readonly ISweepJobRunner _runner;
    private readonly int _slots;
    private readonly Queue<(SweepJob Job, IActorRef ReplyTo)> _queue = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _running;

    public SweepWorker(ISweepJobRunner runner, int slots)
    {
        if (slots < 1) throw new ArgumentOutOfRangeException(nameof(slots), slots, "a worker runs at least one job at a time");
        _runner = runner;
        _slots = slots;
        Receive<SweepJob>(job =>
        {
            if (_stopping.IsCancellationRequested) return; // no acknowledgement: the coordinator sends it again elsewhere
            Sender.Tell(new SweepJobAccepted(job.Index));
            _queue.Enqueue((job, Sender));
            StartNext();
        });
        Receive<Finished>(f =>
        {
            _running--;
            if (f.Outcome is not null && !_stopping.IsCancellationRequested) f.ReplyTo.Tell(f.Outcome);
            StartNext();
        });
    }

    public static Props Props(ISweepJobRunner runner, int slots) => Akka.Actor.Props.Create(() => new SweepWorker(runner, slots));

    protected override void PreStart()
    {
        // the first phase of a shutdown (a Leave, or the system terminating): stop answering and cancel the runs in progress
        var stopping = _stopping;
        CoordinatedShutdown.Get(Context.System).AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "sweep-worker-stop", () =>
        {
            stopping.Cancel();
            return Task.FromResult(Akka.Done.Instance);
        });
    }

    protected override void PostStop() => _stopping.Cancel();

    private void StartNext()
    {
        while (_running < _slots && !_stopping.IsCancellationRequested && _queue.TryDequeue(out var next))
        {
            _running++;
            var (job, replyTo) = next;
            Run(job).PipeTo(Self, success: outcome => new Finished(replyTo, outcome));
        }
    }

    // off the actor's thread; an exception is a failed run unless the node is shutting down (then nothing is answered)
    private async Task<ISweepJobOutcome?> Run(SweepJob job)
    {
        var token = _stopping.Token;
        try { return await Task.Run(() => _runner.Run(job, token), token); }
        catch (Exception) when (token.IsCancellationRequested) { return null; }
        catch (Exception e) { return new SweepJobFailed(job.Index, null, $"{e.GetType().Name}: {e.Message}"); }
    }
}
