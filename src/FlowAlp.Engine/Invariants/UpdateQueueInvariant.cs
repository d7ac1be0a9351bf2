
using FlowAlp.Engine.Core;

namespace FlowAlp.Engine.Invariants;

/// <summary>The update queue holds distinct positions that exist (spec §4.6).</summary>
internal sealed class UpdateQueueInvariant : IInvariant
{
    public string Key => "queue";

    public void Check(PoolCore core, InvariantInput input, List<string> violations)
    {
        var queue = core.Pool.UpdateQueue;
        if (queue.Distinct().Count() != queue.Count) violations.Add("update queue: a position is queued twice");
        if (queue.Any(p => p < 0 || p >= core.Pool.PositionCount)) violations.Add("update queue: holds a position that does not exist");
    }
}
