using FlowAlp.Actors.Chaos;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.Prices;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Engine.Chaos;

namespace FlowAlp.Simulation.Chaos;

/// <summary>
/// The faults of a scenario as timed actions on the engine: each fault starts (and, with a duration, ends) at a block
/// time; a chain halt is a window in which no block executes while prices keep moving. Pure function of the scenario
/// and its seed.
/// </summary>
public sealed class ChaosSchedule
{
    private readonly List<(ulong Time, int Order, FaultAction Action, FaultSpec Fault)> _actions = new();
    private readonly List<(ulong From, ulong Until)> _halts = new();
    private int _next;

    public IReadOnlyList<FaultSpec> Faults { get; }
    public IReadOnlyList<(ulong Time, FaultAction Action, FaultSpec Fault)> Applied => _applied;
    private readonly List<(ulong, FaultAction, FaultSpec)> _applied = new();

    public ChaosSchedule(Scenario s, ScenarioSetup setup)
    {
        Faults = s.Faults;
        string moet = s.Pool.Pool.DefaultToken;
        foreach (var f in s.Faults)
        {
            void At(ulong t, FaultAction a) => _actions.Add((t, _actions.Count, a, f));
            var accounts = setup.Agents.Where(a => !a.IsLp && (f.Population is null || a.Population == f.Population)).ToList();
            switch (f.Kind)
            {
                case "killActors":
                {
                    var rng = SeedStreams.Create(s.Seed, $"fault:{f.Index}");
                    var chosen = accounts.Where(_ => rng.NextDouble() < f.Fraction).Select(a => a.Position).ToList();
                    if (f.Actors == "rebalancers") // only positions that have one
                    {
                        var rebalanced = setup.Rebalancers.Select(r => r.Position).ToHashSet();
                        chosen = chosen.Where(rebalanced.Contains).ToList();
                    }
                    At(f.At, f.Actors is null or "positions" ? new CrashPositions(chosen) : new CrashActors(f.Actors, chosen));
                    break;
                }
                case "supervisorOutage": At(f.At, new CronOutage(UFix64.FromInteger(f.Until))); break;
                case "oracleFreeze":
                    At(f.At, new FreezeOracle(f.Token!, true));
                    if (f.Duration > 0) At(f.Until, new FreezeOracle(f.Token!, false));
                    break;
                case "oracleOutlier" or "oracleLead":
                    At(f.At, new DistortOracle(f.Token!, UFix64.FromDouble(Math.Round(f.Factor, 6)), f.LeadSeconds));
                    if (f.Duration > 0) At(f.Until, new DistortOracle(f.Token!, UFix64.One, 0));
                    break;
                case "chainHalt":
                    _halts.Add((f.At, f.Until));
                    At(f.At, new ChainHalted(UFix64.FromInteger(f.Until))); // recorded in the log as the halt begins
                    break;
                case "funderDrained":
                {
                    var funders = new[] { ScenarioSetup.Admin }.Concat(accounts.Where(a => s.Populations.First(p => p.Name == a.Population).Rebalancer == RebalancerKind.Self).Select(a => a.Account))
                        .Distinct().ToList();
                    At(f.At, new MoveFunds(funders, s.Rebalancers.FeeToken, false));
                    if (f.Duration > 0) At(f.Until, new MoveFunds(funders, s.Rebalancers.FeeToken, true));
                    break;
                }
                case "sourceDry":
                    At(f.At, new MoveFunds(accounts.Select(a => a.Account).ToList(), moet, false, f.Fraction >= 1 ? null : UFix64.FromDouble(Math.Round(f.Fraction, 6))));
                    if (f.Duration > 0) At(f.Until, new MoveFunds(accounts.Select(a => a.Account).ToList(), moet, true));
                    break;
                case "sinkRefuses":
                {
                    var sinks = SinksOf(s, setup, accounts);
                    At(f.At, new RefuseSinks(sinks, true));
                    if (f.Duration > 0) At(f.Until, new RefuseSinks(sinks, false));
                    break;
                }
                case "vaultLoss": At(f.At, new DrainVaults(UFix64.FromDouble(Math.Round(f.Fraction, 6)))); break;
                case "oracleSpread":
                    At(f.At, new WidenOracleSource(f.Token!, UFix64.FromDouble(Math.Round(f.Factor, 6)), UFix64.FromDouble(Math.Round(f.MaxSpread, 6))));
                    if (f.Duration > 0) At(f.Until, new WidenOracleSource(f.Token!, UFix64.One, UFix64.Zero));
                    break;
                case "rebalancerStretch":
                    At(f.At, new StretchRebalancers(UFix64.FromDouble(Math.Round(f.Factor, 6))));
                    if (f.Duration > 0) At(f.Until, new StretchRebalancers(UFix64.One));
                    break;
                case "rebalancersIneffective":
                {
                    var rng = SeedStreams.Create(s.Seed, $"fault:{f.Index}");
                    var rebalanced = setup.Rebalancers.Select(r => r.Position).ToHashSet();
                    var chosen = accounts.Where(a => rebalanced.Contains(a.Position)).Where(_ => rng.NextDouble() < f.Fraction).Select(a => a.Position).ToList();
                    At(f.At, new IneffectiveRebalancers(chosen, true));
                    if (f.Duration > 0) At(f.Until, new IneffectiveRebalancers(chosen, false));
                    break;
                }
                case "messageFault":
                {
                    var rule = new MessageFaultRule(f.Index, MessageKindOf(f.Message!), ActionOf(f.Action!), (uint)Math.Round(f.Rate * 1_000_000),
                        (ulong)f.DelaySteps * s.StepSeconds, (ulong)SeedStreams.Derive(s.Seed, $"fault:{f.Index}"),
                        f.Population is null ? null : accounts.Select(a => a.Position).ToHashSet(), f.Token);
                    At(f.At, new MessageFault(rule, true));
                    if (f.Duration > 0) At(f.Until, new MessageFault(rule, false));
                    break;
                }
                case "liquidatorsAbsent": At(f.At, new LiquidatorsAbsent(UFix64.FromInteger(f.Until))); break;
                case "dexDrain": At(f.At, new DrainDex(UFix64.FromDouble(Math.Round(f.Fraction, 6)))); break;
            }
        }
        _actions.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Order.CompareTo(b.Order));
    }

    private static MessageKind MessageKindOf(string name) => name switch
    {
        "rebalanceDue" => MessageKind.RebalanceDue,
        "rebalancerReady" => MessageKind.RebalancerReady,
        "priceReport" => MessageKind.PriceReport,
        _ => MessageKind.LiquidationOffers,
    };

    private static MessageFate ActionOf(string name) => name switch { "drop" => MessageFate.Drop, "duplicate" => MessageFate.Duplicate, _ => MessageFate.Delay };

    /// <summary>The drawDownSinks of the selected agents, with what to put back when the fault ends.</summary>
    private static List<(long, FlowAlp.Engine.Connectors.ConnectorSpec)> SinksOf(Scenario s, ScenarioSetup setup, IEnumerable<Agent> accounts)
    {
        var configured = setup.Connectors.Where(c => c.Sink is not null).ToDictionary(c => c.Position, c => c.Sink!);
        var list = new List<(long, FlowAlp.Engine.Connectors.ConnectorSpec)>();
        foreach (var a in accounts)
        {
            if (configured.TryGetValue(a.Position, out var sink)) list.Add((a.Position, sink));
            else if (s.Populations.First(p => p.Name == a.Population).WalletSinkAccount(a.Account) is { } wallet) list.Add((a.Position, new FlowAlp.Engine.Connectors.WalletConnector(wallet)));
        }
        return list;
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
