using FlowAlp.Engine.Chaos;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Simulation.Chaos.Faults;

/// <summary>A token's feed reports the market <see cref="LeadSeconds"/> ahead for the window (a front-run oracle).</summary>
internal sealed record OracleLeadFault(string Token, ulong LeadSeconds) : Fault
{
    public const string Name = "oracleLead";
    public override string Kind => Name;

    internal static OracleLeadFault Parse(FaultReader r) => new(r.Token(), (ulong)r.Integer("leadSeconds", min: 1, max: 86_400 * 30));

    internal override void Schedule(FaultPlan p) =>
        p.Window(new DistortOracle(Token, FaultPlan.Fixed(1), LeadSeconds), new DistortOracle(Token, UFix64.One, 0));
}
