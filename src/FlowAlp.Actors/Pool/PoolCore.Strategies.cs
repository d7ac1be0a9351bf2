using FlowAlp.Actors.Connectors;
using FlowAlp.Protocol;
using FlowAlp.Protocol.Connectors;

namespace FlowAlp.Actors.Pool;

/// <summary>Strategy connectors (yield vaults, DEX liquidity positions) registered with the supervisor.</summary>
public sealed partial class PoolCore
{
    private ISource BuildStrategySource(ConnectorSpec spec) => throw new ProtocolException($"topUpSource: {spec.Describe()} is not registered");
    private ISink BuildStrategySink(ConnectorSpec spec) => throw new ProtocolException($"drawDownSink: {spec.Describe()} is not registered");
}
