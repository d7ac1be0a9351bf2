using FlowAlp.Engine.Chaos;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Simulation.Chaos.Faults;

/// <summary>The rebalance supervisor's cron does not run for the window (due rebalancers wait for it).</summary>
internal sealed record SupervisorOutageFault : Fault
{
    public const string Name = "supervisorOutage";
    public override string Kind => Name;

    internal static SupervisorOutageFault Parse(FaultReader r)
    {
        r.RequireDuration();
        return new();
    }

    internal override void Schedule(FaultPlan p) => p.At(At, new CronOutage(UFix64.FromInteger(Until)));
}
