using FlowAlp.Actors.Positions;
using FlowAlp.Engine.Core;
using FlowAlp.Protocol.Health;

namespace FlowAlp.Actors.Pool;

/// <summary>
/// How a block's woken runs go out. A run whose position has no actor of its own goes to the position's host
/// (<see cref="PositionHostActor"/>) in a batch: the woken runs are cut into slices of <see cref="HostSlice"/> hosted
/// runs in (due time, id) order, and each slice makes one <see cref="DecideRuns"/> per host that has runs in it. A run
/// whose position has an actor (a reader holds it, a crash fault armed it) goes to that actor, and so does every run
/// while message faults are active (they act per message and per position) or where the directory has no hosts (a
/// cluster's sharded positions). At most <see cref="WakeWindow"/> runs are out unanswered at a time, the next sent as
/// each batch or run is answered or resolved: a woken run is a snapshot and a message until it is answered, and a crash
/// at 10M positions wakes millions in one block. The replies are applied by (due time, id) once all are in, so neither
/// the window nor the batching changes an outcome.
/// </summary>
public sealed partial class PoolSupervisor
{
    internal const int WakeWindow = 8192;

    /// <summary>Hosted runs per slice: one slice makes one batch per host (about 256 runs each with 4 hosts), so a slice decides on every core.</summary>
    internal const int HostSlice = 1024;

    /// <summary>
    /// A block's woken runs as the units that answer its barrier: a run to its position's actor (key <c>run:ID</c>),
    /// or a batch of runs to a host (key <c>hosted:N</c>, its runs' indices in the due list).
    /// </summary>
    private sealed class WakePlan(IReadOnlyList<Booking> due)
    {
        public readonly record struct Unit(string Key, int Host, int Index, int[]? Batch)
        {
            public int Runs => Batch?.Length ?? 1;
        }

        public IReadOnlyList<Booking> Due => due;
        public List<Unit> Units { get; } = new();
        public int Sent;    // units sent so far
        public int RunsOut; // runs sent and neither answered nor resolved
        public SharedTokenMaps? Tokens; // the block's token snapshots, taken at the first batch (the pool does not change until the replies are applied)

        public List<string> Keys() => Units.Select(u => u.Key).ToList();

        /// <summary>A host's decisions, put at their runs' indices in the due list.</summary>
        public void Take(RunsDecided d, bool?[] decided)
        {
            var runs = Units[d.Batch].Batch!;
            for (int k = 0; k < runs.Length; k++) decided[runs[k]] = d.Needed[k];
        }
    }

    private WakePlan? _wake; // the units not all sent yet (null once the last is out)
    private bool _sendingWakes;

    /// <summary>The block's woken runs (not <paramref name="quiet"/>) as units: hosted batches where the position has no actor, else one run each.</summary>
    private WakePlan PlanWakes(IReadOnlyList<Booking> due, bool[] quiet)
    {
        var plan = new WakePlan(due);
        EnsurePositionActors();
        var hosts = _core.Messages.IsEmpty && _positions is LocalPositionDirectory { Hosts: > 0 } local ? local : null;
        var slice = hosts is null ? null : new List<int>[hosts.Hosts];
        int inSlice = 0;
        for (int i = 0; i < due.Count; i++)
        {
            if (quiet[i]) continue;
            var b = due[i];
            if (hosts is null || !hosts.Hosted(b.Position)) { plan.Units.Add(new WakePlan.Unit(RunKey(b.Id), -1, i, null)); continue; }
            (slice![hosts.HostOf(b.Position)] ??= new List<int>()).Add(i);
            if (++inSlice == HostSlice) { CloseSlice(plan, slice); inSlice = 0; }
        }
        if (inSlice > 0) CloseSlice(plan, slice!);
        return plan;
    }

    /// <summary>A hosted batch's barrier key, from its number in the wake plan (the reply brings the number back).</summary>
    private static string HostedKey(int unit) => "hosted:" + unit;

    private static void CloseSlice(WakePlan plan, List<int>?[] slice)
    {
        for (int h = 0; h < slice.Length; h++)
        {
            if (slice[h] is not { Count: > 0 } runs) continue;
            plan.Units.Add(new WakePlan.Unit(HostedKey(plan.Units.Count), h, -1, runs.ToArray()));
            runs.Clear();
        }
    }

    /// <summary>A reply or resolution of the barrier: while woken runs are still to go, its runs leave the window and more are sent.</summary>
    private void WakeAnswered(object? reply)
    {
        if (_wake is { } plan) plan.RunsOut -= reply is RunsDecided d ? d.Needed.Length : 1; // a resolved trip is one run (trips exist only without hosts)
        SendWakes();
    }

    /// <summary>Sends woken runs while fewer than <see cref="WakeWindow"/> are unanswered (called again by each reply or resolution).</summary>
    private void SendWakes()
    {
        if (_wake is not { } plan || _barrier is null || _sendingWakes) return;
        _sendingWakes = true; // a send resolved at once (a dropped or delayed trip) must not send from inside this loop
        while (_wake is not null && plan.RunsOut < WakeWindow)
        {
            int unit = plan.Sent++;
            var u = plan.Units[unit];
            if (plan.Sent == plan.Units.Count) _wake = null; // the last send may complete the barrier and start the next phase
            plan.RunsOut += u.Runs;
            if (u.Batch is { } batch) SendBatch(plan, unit, u.Host, batch);
            else
            {
                var b = plan.Due[u.Index];
                StartTrip(u.Key, FlowAlp.Engine.Chaos.MessageKind.RebalanceDue, FlowAlp.Engine.Chaos.MessageKind.RebalancerReady, b.Position, null,
                    ticket => PositionActorOf(b.Position).Tell(new RebalanceDue(_tick, b.Id, b.Spec.Force, TrySnapshot(b.Position), Self, _core.NextRunIfPaid(b), ticket)));
            }
        }
        _sendingWakes = false;
    }

    /// <summary>One batch to its host: each run with the block's snapshot of its position (built now, so only the window's runs hold one).</summary>
    private void SendBatch(WakePlan plan, int unit, int host, int[] batch)
    {
        var tokens = plan.Tokens ??= new SharedTokenMaps(ThePool.TokenSnapshots());
        var runs = new HostedRun[batch.Length];
        for (int k = 0; k < batch.Length; k++)
        {
            var b = plan.Due[batch[k]];
            runs[k] = new HostedRun(b.Id, b.Position, b.Spec.Force, ThePool.TrySnapshotOf(b.Position, tokens));
        }
        ((LocalPositionDirectory)_positions).TellHost(host, new DecideRuns(_tick, unit, runs, Self), Self);
    }
}
