using FlowAlp.Engine.Chaos;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.Prices;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Chaos;

/// <summary>
/// What a fault's <see cref="Fault.Schedule"/> books its effects on: the scenario and its set-up (who the agents are),
/// the fault's own seed stream, and the timeline (<see cref="At"/>, <see cref="Window"/>, <see cref="Halt"/>).
/// </summary>
internal sealed class FaultPlan(Scenario scenario, ScenarioSetup setup, Fault fault, Action<ulong, FaultAction> book, Action<ulong, ulong> halt)
{
    public Scenario Scenario => scenario;
    public ScenarioSetup Setup => setup;

    /// <summary>The borrowers (not LPs) of <paramref name="population"/> (null: of every population; a population split into profiles: of all of them).</summary>
    public List<Agent> Borrowers(string? population) =>
        setup.Agents.Where(a => !a.IsLp && (population is null || a.Population == population || a.Population.StartsWith(population + "/", StringComparison.Ordinal))).ToList();

    /// <summary>The positions that have a rebalancer.</summary>
    public HashSet<long> Rebalanced() => setup.Rebalancers.Select(r => r.Position).ToHashSet();

    /// <summary>The fault's random stream ("fault:INDEX" of the run seed): what it selects does not depend on other faults.</summary>
    public MathNet.Numerics.Random.MersenneTwister Random() => SeedStreams.Create(scenario.Seed, $"fault:{fault.Index}");

    /// <summary>The fault's stream as a seed (for effects that draw per message).</summary>
    public ulong Seed() => (ulong)SeedStreams.Derive(scenario.Seed, $"fault:{fault.Index}");

    /// <summary>A fraction given as a double, as the engine's fixed-point value (6 places).</summary>
    public static UFix64 Fixed(double value) => UFix64.FromDouble(Math.Round(value, 6));

    /// <summary>The effect happens at block time <paramref name="time"/>.</summary>
    public void At(ulong time, FaultAction action) => book(time, action);

    /// <summary>The effect starts when the fault does and, when it has a duration, <paramref name="end"/> undoes it when the window ends.</summary>
    public void Window(FaultAction start, FaultAction end)
    {
        book(fault.At, start);
        if (fault.Duration > 0) book(fault.Until, end);
    }

    /// <summary>No block executes in [from, until) (prices keep moving).</summary>
    public void Halt(ulong from, ulong until) => halt(from, until);
}
