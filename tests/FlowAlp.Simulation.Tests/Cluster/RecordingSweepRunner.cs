using System.Collections.Concurrent;
using FlowAlp.Actors.Cluster;
using FlowAlp.Simulation.Sweeps;

namespace FlowAlp.Simulation.Tests.Cluster;

/// <summary>
/// A node's sweep runner as the tests see it: the indices of the jobs it started, a signal at the first, and (holding)
/// jobs that never finish until the node's shutdown cancels them, so a test knows the node accepted a job it will never answer.
/// </summary>
internal sealed class RecordingSweepRunner(int slots, bool hold = false) : ISweepJobRunner
{
    private readonly SweepJobExecutor _inner = new(slots);

    public ConcurrentBag<int> Started { get; } = [];
    public TaskCompletionSource FirstStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<ISweepJobOutcome> Run(SweepJob job, CancellationToken cancel)
    {
        Started.Add(job.Index);
        FirstStarted.TrySetResult();
        if (hold) await Task.Delay(Timeout.Infinite, cancel);
        return await _inner.Run(job, cancel);
    }

    public ValueTask DisposeAsync() => _inner.DisposeAsync();
}
