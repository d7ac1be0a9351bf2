using Akka.Actor;

namespace FlowAlp.Actors.Cluster;

/// <summary>
/// Runs a sweep's jobs on the cluster's "sweeps" nodes from <paramref name="node"/> (the CLI's node): a
/// <see cref="SweepCoordinator"/> per sweep. The results come back in job order, whatever node ran each and however
/// often a job had to be sent again.
/// </summary>
public sealed class SweepDispatch(ClusterNode node)
{
    private int _sweeps;

    public ClusterNode Node { get; } = node;

    /// <param name="jobs">index i at position i</param>
    /// <param name="inFlight">jobs sent and unfinished at most (each worker also runs at most its cores at once)</param>
    /// <exception cref="SweepJobException">a run failed on a worker</exception>
    public async Task<IReadOnlyList<SweepJobDone>> Run(IReadOnlyList<SweepJob> jobs, int inFlight, Action<int, int>? progress = null, CancellationToken cancel = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inFlight, 1);
        for (int i = 0; i < jobs.Count; i++)
            if (jobs[i].Index != i) throw new ArgumentException($"job {i} has index {jobs[i].Index}", nameof(jobs));
        if (jobs.Count == 0) return [];
        var done = new TaskCompletionSource<SweepJobDone[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var coordinator = Node.System.ActorOf(SweepCoordinator.Props(jobs, inFlight, progress, done), $"sweep-{Interlocked.Increment(ref _sweeps)}");
        await using (cancel.Register(() => { done.TrySetCanceled(cancel); coordinator.Tell(PoisonPill.Instance); }))
            return await done.Task;
    }
}
