using FlowAlp.Engine.Chaos;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Simulation.Chaos.Faults;

/// <summary>A token's feed reports its prices × <see cref="Factor"/> (outlier ticks) for the window.</summary>
internal sealed record OracleOutlierFault(string Token, double Factor) : Fault
{
    public const string Name = "oracleOutlier";
    public override string Kind => Name;

    internal static OracleOutlierFault Parse(FaultReader r) => new(r.Token(), r.Double("factor", min: 1e-6, max: 1e6));

    internal override void Schedule(FaultPlan p) =>
        p.Window(new DistortOracle(Token, FaultPlan.Fixed(Factor), 0), new DistortOracle(Token, UFix64.One, 0));
}
