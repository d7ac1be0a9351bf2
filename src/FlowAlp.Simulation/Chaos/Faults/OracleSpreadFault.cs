using FlowAlp.Engine.Chaos;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Simulation.Chaos.Faults;

/// <summary>
/// One source of a token's feed is widened by <see cref="Factor"/> for the window: the aggregate (spec §7) rejects the
/// price when the sources spread more than <see cref="MaxSpread"/>.
/// </summary>
internal sealed record OracleSpreadFault(string Token, double Factor, double MaxSpread) : Fault
{
    public const string Name = "oracleSpread";
    public override string Kind => Name;

    internal static OracleSpreadFault Parse(FaultReader r) =>
        new(r.Token(), r.Double("factor", min: 1e-6, max: 1e6), r.Double("maxSpread", 0.05, 0, 10_000));

    internal override void Schedule(FaultPlan p) => p.Window(new WidenOracleSource(Token, FaultPlan.Fixed(Factor), FaultPlan.Fixed(MaxSpread)),
        new WidenOracleSource(Token, UFix64.One, UFix64.Zero));
}
