using FlowAlp.Protocol;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Engine.Connectors;
using FlowAlp.Engine.World;

namespace FlowAlp.Engine.Core;

/// <summary>
/// Positions' connectors as the engine configures them: a spec becomes the protocol's ISource / ISink (so the flow runs
/// inside the supervisor's atomic transaction), after the flow graph confirms it closes no cycle of positions.
/// </summary>
public sealed class PositionConnectors
{
    private readonly ScriptWorld _world;
    private readonly EventLogWriter _log;
    private readonly StrategyBook _strategies;
    private readonly FlowGraph _flows = new();

    public PositionConnectors(ScriptWorld world, EventLogWriter log, StrategyBook strategies)
    {
        _world = world;
        _log = log;
        _strategies = strategies;
    }

    private Protocol.Pool Pool => _world.Pool;

    public void SetTopUpSource(long pid, ConnectorSpec? spec) =>
        SetConnector(pid, spec, FlowGraph.Side.TopUpSource, "topUpSource", "TopUpSourceSet", "source",
            () => Pool.SetTopUpSource(pid, spec is null ? null : BuildSource(spec)));

    public void SetDrawDownSink(long pid, ConnectorSpec? spec) =>
        SetConnector(pid, spec, FlowGraph.Side.DrawDownSink, "drawDownSink", "DrawDownSinkSet", "sink",
            () => Pool.SetDrawDownSink(pid, spec is null ? null : BuildSink(spec)));

    /// <summary>Refuses a connector that closes a cycle of positions, installs it in the pool, then records the edge and the event.</summary>
    private void SetConnector(long pid, ConnectorSpec? spec, FlowGraph.Side side, string field, string eventType, string key, Action install)
    {
        Pool.PositionOf(pid);
        long? target = (spec as PositionConnector)?.Position;
        if (_flows.CycleIf(pid, side, target) is { } cycle)
            throw new ProtocolException($"{field}: refused, {cycle} is a cycle of positions");
        install();
        _flows.Set(pid, side, target);
        _log.AppendEngine(Pool.Now, eventType, ("position", pid), (key, spec?.Describe()));
    }

    private ISource BuildSource(ConnectorSpec spec) => spec switch
    {
        WalletConnector w => new WalletSource(_world.Accounts, RequireAccount(w.Account), Pool.DefaultToken),
        PositionConnector p => new PositionSource(Pool, RequirePosition(p.Position), Pool.DefaultToken, p.Chained),
        DeadConnector => new EmptySource(Pool.DefaultToken),
        _ => _strategies.Source(spec),
    };

    private ISink BuildSink(ConnectorSpec spec) => spec switch
    {
        WalletConnector w => new WalletSink(_world.Accounts, RequireAccount(w.Account), Pool.DefaultToken),
        PositionConnector p => new PositionSink(Pool, RequirePosition(p.Position), Pool.DefaultToken, p.Chained),
        DeadConnector => new RejectingSink(Pool.DefaultToken),
        _ => _strategies.Sink(spec),
    };

    private string RequireAccount(string account) =>
        string.IsNullOrWhiteSpace(account) ? throw new ProtocolException("account: required") : account;

    private long RequirePosition(long pid)
    {
        Pool.PositionOf(pid);
        return pid;
    }
}
