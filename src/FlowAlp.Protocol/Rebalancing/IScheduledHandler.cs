namespace FlowAlp.Protocol.Rebalancing;

/// <summary>
/// FlowTransactionScheduler.TransactionHandler: what a scheduled run calls. The scheduler invokes it outside any
/// transaction; the handler opens its own (a rebalancer uses two, so a failing rebalance does not undo its bookkeeping).
/// </summary>
public interface IScheduledHandler
{
    void ExecuteTransaction(ScheduledRun run);
}
