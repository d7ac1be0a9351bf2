using FlowAlp.Protocol.Connectors;

namespace FlowAlp.Protocol.Rebalancing;

/// <summary>
/// A rebalancer's txFunder: one FLOW Source (pays scheduler fees) and one FLOW Sink (takes cancellation refunds),
/// the DeFiActions {Sink, Source} pair of the contract.
/// </summary>
public sealed record TxFunder(ISource Source, ISink Sink)
{
    /// <summary>The token scheduler fees are paid in.</summary>
    public const string FeeToken = "FLOW";
}
