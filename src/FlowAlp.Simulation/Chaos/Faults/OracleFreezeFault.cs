using FlowAlp.Engine.Chaos;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Simulation.Chaos.Faults;

/// <summary>A token's feed repeats its last sample for the window (with a stale threshold it goes stale), then thaws.</summary>
internal sealed record OracleFreezeFault(string Token) : Fault
{
    public const string Name = "oracleFreeze";
    public override string Kind => Name;

    internal static OracleFreezeFault Parse(FaultReader r) => new(r.Token());

    internal override void Schedule(FaultPlan p) => p.Window(new FreezeOracle(Token, true), new FreezeOracle(Token, false));
}
