using FlowAlp.Engine.Chaos;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Simulation.Chaos.Faults;

/// <summary>
/// Engine actors crash once (supervision restarts them with their state): a share (<see cref="Fraction"/>) of the
/// borrowers' position actors, or those positions' rebalancer actors, or every oracle or every liquidator (<see cref="Actors"/>).
/// </summary>
internal sealed record KillActorsFault(double Fraction, string? Population, string Actors) : Fault
{
    public const string Name = "killActors";
    /// <summary>What it can crash.</summary>
    public static readonly string[] ActorGroups = ["positions", "rebalancers", "oracles", "liquidators"];

    public override string Kind => Name;
    public override bool OneOff => true;

    internal static KillActorsFault Parse(FaultReader r) =>
        new(r.Double("fraction", 0.1, 0, 1), r.Population(), r.OneOf("actors", "positions", ActorGroups));

    internal override void Schedule(FaultPlan p)
    {
        var rng = p.Random();
        var chosen = p.Borrowers(Population).Where(_ => rng.NextDouble() < Fraction).Select(a => a.Position).ToList();
        if (Actors == "rebalancers") // only positions that have one
        {
            var rebalanced = p.Rebalanced();
            chosen = chosen.Where(rebalanced.Contains).ToList();
        }
        p.At(At, Actors == "positions" ? new CrashPositions(chosen) : new CrashActors(Actors, chosen));
    }
}
