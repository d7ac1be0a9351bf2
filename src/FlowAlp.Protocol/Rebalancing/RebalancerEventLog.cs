using FlowAlp.Protocol.Atomicity;

namespace FlowAlp.Protocol.Rebalancing;

/// <summary>Rebalancer events in emission order; an emit inside a reverted transaction disappears with it.</summary>
public sealed class RebalancerEventLog(TransactionContext tx)
{
    private readonly List<RebalancerEvent> _events = new();

    public IReadOnlyList<RebalancerEvent> Events => _events;

    public void Emit(RebalancerEvent e)
    {
        _events.Add(e);
        tx.OnRollback(() => _events.RemoveAt(_events.Count - 1));
    }

    public List<RebalancerEvent> TakeEvents()
    {
        var list = new List<RebalancerEvent>(_events);
        _events.Clear();
        return list;
    }
}
