using FlowAlp.Engine.Chaos;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Chaos;

/// <summary>
/// The faults of a scenario as timed actions on the engine: each fault books its effects (<see cref="Fault.Schedule"/>)
/// at block times; a chain halt is a window in which no block executes while prices keep moving. Pure function of the
/// scenario and its seed.
/// </summary>
public sealed class ChaosSchedule
{
    private readonly List<(ulong Time, int Order, FaultAction Action, Fault Fault)> _actions = new();
    private readonly List<(ulong From, ulong Until)> _halts = new();
    private int _next;

    public IReadOnlyList<Fault> Faults { get; }
    public IReadOnlyList<(ulong Time, FaultAction Action, Fault Fault)> Applied => _applied;
    private readonly List<(ulong, FaultAction, Fault)> _applied = new();

    public ChaosSchedule(Scenario s, ScenarioSetup setup)
    {
        Faults = s.Faults;
        foreach (var f in s.Faults)
            f.Schedule(new FaultPlan(s, setup, f, (t, a) => _actions.Add((t, _actions.Count, a, f)), (from, until) => _halts.Add((from, until))));
        _actions.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Order.CompareTo(b.Order));
    }

    /// <summary>Whether the chain is halted at block time <paramref name="t"/> (no transaction executes).</summary>
    public bool Halted(ulong t) => _halts.Any(h => t >= h.From && t < h.Until);

    /// <summary>Marks every action due at or before <paramref name="t"/> as applied without applying it (a run restored from a state snapshot taken at <paramref name="t"/> already holds their effects).</summary>
    public void FastForward(ulong t)
    {
        while (_next < _actions.Count && _actions[_next].Time <= t)
        {
            var (time, _, action, fault) = _actions[_next++];
            _applied.Add((time, action, fault));
        }
    }

    /// <summary>Applies every action due at or before <paramref name="t"/> (in schedule order).</summary>
    public async Task ApplyDue(ISimulationEngine engine, ulong t)
    {
        while (_next < _actions.Count && _actions[_next].Time <= t)
        {
            var (time, _, action, fault) = _actions[_next++];
            await engine.Inject(action);
            _applied.Add((time, action, fault));
        }
    }
}
