using FlowAlp.Actors.Rebalancing;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Scripting;
using FlowAlp.Simulation.Prices;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Engine.Connectors;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.Rebalancing;
using FlowAlp.Engine.World;

namespace FlowAlp.Simulation.Running;

/// <summary>
/// Turns a scenario into the engine's world: the genesis wallets (collateral, MOET buffers, fee budgets, liquidator
/// capital), the protocol steps that open every position (LPs first, then borrowers population by population), and
/// each borrower's connectors and rebalancer. Agent profiles are drawn from the stream "population:NAME" of the run
/// seed, so they do not change when another population or a price process is edited.
/// </summary>
public sealed class ScenarioSetup
{
    public const string Admin = "admin";
    public const string YieldReserve = "yield-reserve";

    public Scenario Scenario { get; }
    public Script Genesis { get; }
    public IReadOnlyList<Agent> Agents { get; }
    public IReadOnlyList<(Agent Agent, IReadOnlyList<Step> Steps)> Openings { get; }
    public IReadOnlyList<(long Position, ConnectorSpec? Source, ConnectorSpec? Sink, string? Vault)> Connectors { get; }
    public IReadOnlyList<(long Position, RebalancerSpec Spec)> Rebalancers { get; }
    /// <summary><see cref="Openings"/> as one batch for <see cref="ISimulationEngine.SetUpPositions"/>, each with its yield vault wired after its createPosition.</summary>
    public IReadOnlyList<PositionOpening> PositionOpenings { get; }

    public ScenarioSetup(Scenario s)
    {
        Scenario = s;
        string moet = s.Pool.Pool.DefaultToken;
        var wallets = new SortedDictionary<string, Dictionary<string, UFix64>>(StringComparer.Ordinal);
        void Credit(string account, string token, UFix64 amount)
        {
            if (amount.IsZero) return;
            if (!wallets.TryGetValue(account, out var w)) wallets[account] = w = new Dictionary<string, UFix64>();
            w[token] = (w.TryGetValue(token, out var v) ? v : UFix64.Zero) + amount;
        }

        var agents = new List<Agent>();
        var openings = new List<(Agent, IReadOnlyList<Step>)>();
        var batch = new List<PositionOpening>();
        var connectors = new List<(long, ConnectorSpec?, ConnectorSpec?, string?)>();
        var rebalancers = new List<(long, RebalancerSpec)>();
        long nextPosition = 0;
        RebalancerSpec? paidSpec = null;
        UFix64 SelfBudget(ulong interval) => s.Rebalancers.Fee * UFix64.FromInteger(s.DurationSeconds / interval + 4);
        var paidSpecs = new Dictionary<ulong, RebalancerSpec>(); // drawn intervals: one shared paid spec per distinct interval

        foreach (var pop in s.Populations.Where(p => p.IsLp).Concat(s.Populations.Where(p => !p.IsLp)))
        {
            var rng = SeedStreams.Create(s.Seed, $"population:{pop.Name}");
            for (int i = 0; i < pop.Count; i++)
            {
                string account = $"{pop.Name}-{i}";
                var agent = new Agent(pop.Name, i, account, nextPosition++, pop.IsLp);
                agents.Add(agent);
                var steps = new List<Step>();
                if (pop.IsLp)
                {
                    bool first = true;
                    foreach (var (token, amount) in pop.LpDeposit.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                    {
                        Credit(account, token, amount);
                        steps.Add(first ? new CreatePositionStep(0, account, token, amount, false, null, null) : new DepositStep(0, agent.Position, account, token, amount, false));
                        first = false;
                    }
                    openings.Add((agent, steps));
                    batch.Add(new PositionOpening(steps));
                    continue;
                }
                double value = pop.Size.Sample(rng);
                double weights = pop.CollateralMix.Values.Sum();
                var amounts = pop.CollateralMix.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                    .Where(kv => kv.Value > 0)
                    .Select(kv => (Token: kv.Key, Amount: UFix64.FromDouble(Math.Round(value * kv.Value / weights / s.Prices[kv.Key].Start, 6))))
                    .Where(x => !x.Amount.IsZero).ToList();
                UFix128 minH = Health(pop.MinHealth.Sample(rng)), target = Health(pop.TargetHealth.Sample(rng)), maxH = Health(pop.MaxHealth.Sample(rng));
                UFix128 initial = pop.InitialHealth is { } ih ? Health(ih.Sample(rng)) : target;
                UFix64 buffer = UFix64.FromDouble(Math.Round(pop.WalletMoet.Sample(rng), 6));
                ulong interval = Populations.RebalanceIntervals.Draw(pop, rng, s.Rebalancers.IntervalSeconds); // no draw unless the population draws intervals
                foreach (var (token, amount) in amounts) Credit(account, token, amount);
                Credit(account, moet, buffer);

                string? walletSink = pop.WalletSinkAccount(account); // a spending borrower's loan goes to its population's outflow account
                string? walletSource = pop.TopUpSource == Funding.Wallet ? account : null;
                steps.Add(new CreatePositionStep(0, account, amounts[0].Token, amounts[0].Amount, false, walletSink, walletSource));
                foreach (var (token, amount) in amounts.Skip(1)) steps.Add(new DepositStep(0, agent.Position, account, token, amount, false));
                // widen the bounds first so any (min, target, max) is reachable through the setters' checks
                steps.Add(Bounds(agent, ("max", UFix64.FromInteger(1000))));
                steps.Add(Bounds(agent, ("min", UFix64.Parse("1.00000001"))));
                if (pop.LoanReserveFraction > 0 && walletSink is not null)
                    steps.AddRange(BorrowKeepingReserve(agent, initial, pop.LoanReserveFraction, walletSink));
                else
                {
                    steps.Add(Bounds(agent, ("target", initial.RoundDown())));
                    steps.Add(new RebalanceStep(0, agent.Position, true)); // borrow to the initial health
                }
                steps.Add(Bounds(agent, ("target", target.RoundDown()), ("min", minH.RoundDown()), ("max", maxH.RoundDown())));
                openings.Add((agent, steps));

                string? vault = pop.TopUpSource == Funding.YieldVault || pop.DrawDownSink == Funding.YieldVault ? $"fyv-{account}" : null;
                VaultWiring? wiring = null;
                if (vault is not null)
                {
                    ConnectorSpec? source = pop.TopUpSource == Funding.YieldVault ? new YieldVaultConnector(vault) : null;
                    ConnectorSpec? sink = pop.DrawDownSink == Funding.YieldVault ? new YieldVaultConnector(vault) : null;
                    connectors.Add((agent.Position, source, sink, vault));
                    wiring = new VaultWiring(agent.Position, vault, s.Strategies!.YieldToken, s.Strategies.Apr, YieldReserve, source, sink);
                }
                batch.Add(new PositionOpening(steps, wiring));

                if (pop.Rebalancer != RebalancerKind.None)
                {
                    if (pop.Rebalancer == RebalancerKind.Self) Credit(account, s.Rebalancers.FeeToken, SelfBudget(interval));
                    // paid rebalancers share one spec (the admin funds them all): one object, not one per position
                    var spec = pop.Rebalancer == RebalancerKind.Self
                        ? new RebalancerSpec(interval, s.Rebalancers.Force, s.Rebalancers.Fee, s.Rebalancers.FeeToken, account, Paid: false)
                        : interval == s.Rebalancers.IntervalSeconds
                            ? paidSpec ??= new RebalancerSpec(s.Rebalancers.IntervalSeconds, s.Rebalancers.Force, s.Rebalancers.Fee, s.Rebalancers.FeeToken, Admin, Paid: true)
                            : paidSpecs.TryGetValue(interval, out var shared) ? shared
                            : paidSpecs[interval] = new RebalancerSpec(interval, s.Rebalancers.Force, s.Rebalancers.Fee, s.Rebalancers.FeeToken, Admin, Paid: true);
                    rebalancers.Add((agent.Position, spec));
                }
            }
        }
        if (rebalancers.Any(r => r.Item2.Paid)) Credit(Admin, s.Rebalancers.FeeToken, s.Rebalancers.AdminFunds);
        foreach (var l in s.Liquidators)
            for (int i = 0; i < l.Count; i++) Credit($"{l.Name}-{i}", moet, l.Capital);
        if (s.Strategies is { } st) Credit(YieldReserve, st.YieldToken, st.Depth);

        Genesis = s.Pool with { Accounts = wallets.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, UFix64>)kv.Value) };
        Agents = agents;
        Openings = openings;
        Connectors = connectors;
        Rebalancers = rebalancers;
        PositionOpenings = batch;
    }

    /// <summary>
    /// A spending borrower that keeps a share f of its opening loan as a top-up reserve: it borrows the spent part
    /// (health initial ÷ (1 − f)) into the outflow account, then the rest (down to the initial health) into its own
    /// wallet, and points its drawDownSink back at the outflow account (later draw-downs are spent too).
    /// </summary>
    private static IEnumerable<Step> BorrowKeepingReserve(Agent a, UFix128 initial, double keep, string outflow)
    {
        double spentHealth = Math.Round(initial.RoundDown().ToDouble() / (1 - keep), 6);
        yield return Bounds(a, ("max", UFix64.FromInteger(100_000)));
        yield return Bounds(a, ("target", UFix64.FromDouble(spentHealth)));
        yield return new RebalanceStep(0, a.Position, true);
        yield return new SetConnectorStep(0, "setSink", a.Position, a.Account);
        yield return Bounds(a, ("target", initial.RoundDown()));
        yield return new RebalanceStep(0, a.Position, true);
        yield return new SetConnectorStep(0, "setSink", a.Position, outflow);
        yield return Bounds(a, ("max", UFix64.FromInteger(1000)));
    }

    /// <summary>Health bounds are drawn as doubles and fixed to 4 decimal places.</summary>
    private static UFix128 Health(double h) => UFix128.Parse(Math.Round(h, 4).ToString("0.0###", System.Globalization.CultureInfo.InvariantCulture));

    private static SetHealthBoundsStep Bounds(Agent a, params (string Which, UFix64 Value)[] bounds) => new(0, a.Position, bounds);
}
